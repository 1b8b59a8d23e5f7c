namespace Aict.Gateway.Tls;

/// <summary>
/// <c>Gateway:Tls</c>. The gateway terminates TLS itself with Kestrel's certificate configuration
/// (<c>Kestrel:Endpoints:NAME:Url=https://…</c> with <c>Certificate:Path</c>/<c>Password</c>), or sits behind a load
/// balancer that does, which <see cref="TerminatedUpstream"/> states.
/// </summary>
public sealed class GatewayTlsOptions
{
    public const string Section = "Gateway:Tls";

    /// <summary>A TLS load balancer in front terminates TLS: the gateway may serve plain HTTP outside Development.</summary>
    public bool TerminatedUpstream { get; set; }
}
