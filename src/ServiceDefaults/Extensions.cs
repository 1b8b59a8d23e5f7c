using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;
using Aict.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Aict service shares: telemetry and health endpoints.</summary>
public static class ServiceDefaultsExtensions
{
    private const string HealthPath = "/health";
    private const string AlivePath = "/alive";
    private const string LiveTag = "live";

    /// <summary>
    /// Meters the libraries publish by themselves, besides those the instrumentation packages add: sign-in and
    /// authorization outcomes, Identity's user and sign-in counts, EF Core's queries and saves. (StackExchange.Redis publishes
    /// none: the Redis connection's gauges are the Aict meter's, see RedisConnectionMetrics.)
    /// </summary>
    private static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Identity",
        "Microsoft.EntityFrameworkCore",
    ];

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    /// <summary>
    /// Metrics always (the Aict meter, ASP.NET Core, Kestrel, runtime, HttpClient, EF Core), read by Prometheus at
    /// <c>/metrics</c> and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; traces and logs only then.
    /// </summary>
    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AictMetrics>();
        var scrape = builder.AddMetricsEndpoint();
        // Outside Development an unprotected endpoint is not served (MapMetricsEndpoint says so): nothing to collect for.
        var scraping = scrape.PrometheusEnabled && (builder.Environment.IsDevelopment() || scrape.IsProtected);
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!scraping && !exporting)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AictMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddMeter(BuiltInMeters)
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                ((IDeferredMeterProviderBuilder)metrics).Configure(
                    (services, provider) => provider.AddView(OnlyThisHost(services.GetRequiredService<IMeterFactory>())));
                if (scraping)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        // Without an endpoint (tests, a bare `dotnet run`, the load driver) there is nobody to export to,
        // and spans and log records nobody reads would still be built on every request.
        if (!exporting)
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // The SDK reads OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, e.g. to keep a fraction of the spans under load.
        telemetry
            .WithTracing(tracing => tracing
                // Probes and scrapes hit these every few seconds; their spans would bury the real traffic.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbeOrScrape(context.Request.Path, scrape.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddRedisInstrumentation())
            .UseOtlpExporter();

        return builder;
    }

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        // "self" answers as long as the process serves requests: liveness must not depend on Redis or the database.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapMetricsEndpoint();

        // Readiness: every registered check, dependencies included.
        app.MapHealthChecks(HealthPath);

        // Liveness: only the checks that say the process itself is stuck.
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        });

        return app;
    }

    /// <summary>
    /// Meters made by another host's factory are not this host's: a process that runs several hosts (the functional tests
    /// do) would otherwise mix their measurements, and one host stopping would end the shared streams of the others.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory ownMeters) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, ownMeters) ? MetricStreamConfiguration.Drop : null;

    private static bool IsProbeOrScrape(PathString path, string scrapePath) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath) || path.StartsWithSegments(scrapePath);
}
