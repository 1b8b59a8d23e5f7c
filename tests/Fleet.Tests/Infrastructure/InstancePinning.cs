namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>
/// Sends a request pinned to one instance (<c>i1</c>, <c>i2</c>) through the gateway with its pinning header, and any
/// other to the gateway's round robin.
/// </summary>
public sealed class InstancePinning : DelegatingHandler
{
    /// <summary>The gateway's instance-pinning header (<c>Gateway:Pinning:Enabled</c>, Development only).</summary>
    public const string Header = "X-Aict-Destination";

    /// <summary>The instance every request goes to, or null for the gateway's choice.</summary>
    public string? Instance { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Instance is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Remove(Header);
        request.Headers.Add(Header, Instance);
        return await base.SendAsync(request, cancellationToken);
    }
}
