namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>Free loopback ports for the fleet's processes, never the ports a developer's fleet uses (5100-5302).</summary>
public static class FleetPorts
{
    public static int Free()
    {
        while (true)
        {
            var port = KestrelHosting.FreePort();
            if (port is < 5100 or > 5302)
            {
                return port;
            }
        }
    }
}
