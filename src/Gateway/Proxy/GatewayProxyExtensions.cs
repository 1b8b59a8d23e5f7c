using Aict.Gateway.Pinning;
using Aict.Gateway.Proxy;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The proxy: routes and clusters from the <c>ReverseProxy</c> section (health-check policy in appsettings.json, destinations
/// from the operator), forwarded headers the gateway sets itself, and a pipeline of pinning, safe retry and load balancing.
/// </summary>
public static class GatewayProxyExtensions
{
    private const string Section = "ReverseProxy";

    private static readonly TimeSpan PassiveDetectionWindow = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddGatewayProxy(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PinningOptions>()
            .BindConfiguration(PinningOptions.Section)
            .Validate(options => development || !options.Enabled,
                "Gateway:Pinning:Enabled lets any client choose the instance that serves it: it is for tests in Development only. Remove it.")
            .ValidateOnStart();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(Section))
            .AddTransforms(route =>
            {
                // Set, not append: the services believe these headers from the gateway alone, so a client's own values never pass.
                route.AddXForwarded(ForwardedTransformActions.Set);
                route.AddRequestHeaderRemove("Forwarded");
                route.AddRequestHeaderRemove(DestinationPinning.HeaderName);
            });

        // YARP reactivates a passively failed destination after the longer of ReactivationPeriod and this window, and the
        // failure rate is measured over it: a window as short as the reactivation period brings an instance back within it.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(passive => passive.DetectionWindowSize = PassiveDetectionWindow);

        builder.Services.AddSingleton<GatewayMetrics>();
        var health = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection($"{Section}:Clusters").GetChildren())
        {
            var clusterId = cluster.Key;
            health.Add(new HealthCheckRegistration($"cluster-{clusterId}",
                services => new ClusterHealthCheck(services.GetRequiredService<IProxyStateLookup>(), clusterId), HealthStatus.Unhealthy, ["cluster"]));
        }

        return builder;
    }

    /// <summary>
    /// Maps the routes. The gateway's own endpoints (<c>/health</c>, <c>/alive</c>, <c>/metrics</c>) are literal routes and win
    /// over a route's catch-all on every port. No session affinity step: any instance may serve any request.
    /// </summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        // Created now, so that the rotation gauge is reported before the first request.
        app.Services.GetRequiredService<GatewayMetrics>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<ForwardingProblems>();
            pipeline.UseMiddleware<DestinationPinning>();
            pipeline.UseMiddleware<SafeRetry>();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }
}
