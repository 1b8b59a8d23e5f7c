namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>An HTTP client of one public address of the fleet, sent through the gateway or pinned to an instance.</summary>
public sealed class FleetClient(HttpClient http, InstancePinning pinning) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>The instance (<c>i1</c>, <c>i2</c>) every following request goes to; null for the gateway's round robin.</summary>
    public string? Instance
    {
        get => pinning.Instance;
        set => pinning.Instance = value;
    }

    public void Dispose() => http.Dispose();
}
