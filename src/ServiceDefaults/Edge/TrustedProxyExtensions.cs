using System.Net;
using Aict.ServiceDefaults.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client's address and scheme as a trusted proxy saw them: audit and session records, and every per-address
/// limit, read <c>Connection.RemoteIpAddress</c>, which only a listed proxy may change.
/// </summary>
public static class TrustedProxyExtensions
{
    /// <summary>
    /// Binds <c>ForwardedHeaders</c>. Development without a list trusts loopback only; outside Development a list
    /// (<c>KnownProxies</c>/<c>KnownNetworks</c>) or <c>Mode=None</c> is required at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<TrustedProxyOptions>()
            .BindConfiguration(TrustedProxyOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => development || options.IgnoresHeaders || options.ListsProxies,
                "ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks is required outside Development: list the proxies "
                + "(load balancer, gateway) whose X-Forwarded-For and X-Forwarded-Proto are believed, or set ForwardedHeaders:Mode=None "
                + "when clients connect directly.")
            .Validate(options => !(options.IgnoresHeaders && options.ListsProxies),
                "ForwardedHeaders:Mode=None ignores every proxy: remove ForwardedHeaders:KnownProxies and KnownNetworks, or the Mode.")
            .Validate(options => !options.UnreadableProxies.Any(),
                "ForwardedHeaders:KnownProxies must hold IP addresses, such as 10.0.0.5 or fd00::5.")
            .Validate(options => !options.UnreadableNetworks.Any(),
                "ForwardedHeaders:KnownNetworks must hold networks in CIDR notation, such as 10.0.0.0/8.")
            .ValidateOnStart();

        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
            {
                var proxies = trusted.Value;
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                forwarded.ForwardLimit = proxies.ForwardLimit;
                if (!proxies.ListsProxies)
                {
                    // ASP.NET Core's defaults: loopback (127.0.0.0/8 and ::1) only.
                    return;
                }

                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var proxy in proxies.KnownProxies)
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in proxies.KnownNetworks)
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            });
        return builder;
    }

    /// <summary>Applies trusted forwarded headers; call it first, before anything reads the client's address or scheme.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.IgnoresHeaders)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
