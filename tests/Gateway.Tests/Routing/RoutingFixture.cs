namespace Aict.Gateway.Tests.Routing;

/// <summary>
/// A gateway in front of two live instances of CommerceApi's cluster (and one of each other service, so that it is ready);
/// loopback 127.0.0.1 is its only trusted proxy.
/// </summary>
public sealed class RoutingFixture : IAsyncLifetime
{
    public Backend A { get; private set; } = null!;

    public Backend B { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await Backend.StartAsync("a");
        B = await Backend.StartAsync("b");
        Gateway = new GatewayHost(new Dictionary<string, string?>(
            GatewayHost.Destinations("commerce", A, B).Concat(GatewayHost.Destinations("identity", A)).Concat(GatewayHost.Destinations("portal", B)))
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
