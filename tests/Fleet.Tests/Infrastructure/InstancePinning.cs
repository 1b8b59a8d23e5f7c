namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>
/// Sends a request pinned to one instance (<c>i1</c>, <c>i2</c>) there, and any other through the gateway's
/// round robin. The one place that decides how a pinned request gets there.
/// </summary>
public sealed class InstancePinning(FleetFixture fleet) : DelegatingHandler
{
    /// <summary>The gateway's instance-pinning header (<c>Gateway:Pinning:Enabled</c>, Development only).</summary>
    public const string Header = "X-Aict-Destination";

    /// <summary>
    /// Whether a pinned request goes through the gateway with <see cref="Header"/>, or straight to the instance's own
    /// port with the public Host header, as the gateway would forward it.
    /// </summary>
    public static bool ThroughGateway => false;

    /// <summary>The instance every request goes to, or null for the gateway's choice.</summary>
    public string? Instance { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Instance is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (ThroughGateway)
        {
            request.Headers.Remove(Header);
            request.Headers.Add(Header, Instance);
            return await base.SendAsync(request, cancellationToken);
        }

        var publicUri = request.RequestUri!;
        request.Headers.Host = publicUri.Authority;
        request.RequestUri = new UriBuilder(publicUri) { Host = "127.0.0.1", Port = fleet.InstancePort(publicUri, Instance) }.Uri;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Callers (redirects, cookies) see the public address they asked for.
            request.RequestUri = publicUri;
        }
    }
}
