using Aict.Gateway.Tls;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>TLS at the edge: outside Development the gateway serves HTTPS, or says that a load balancer in front does.</summary>
public static class TransportSecurityExtensions
{
    public static WebApplicationBuilder RequireTransportSecurity(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var configuration = builder.Configuration;
        builder.Services.AddOptions<GatewayTlsOptions>()
            .BindConfiguration(GatewayTlsOptions.Section)
            .Validate<IOptions<MetricsOptions>>((tls, metrics) => development || tls.TerminatedUpstream
                    || !ListeningAddresses.PlainHttp(configuration, metrics.Value).Any(),
                "The gateway listens on plain HTTP outside Development: configure an https endpoint with a certificate "
                + "(Kestrel:Endpoints:NAME:Url=https://… with Certificate:Path and Certificate:Password), or set "
                + "Gateway:Tls:TerminatedUpstream=true when a TLS load balancer in front terminates TLS.")
            .ValidateOnStart();
        return builder;
    }
}
