using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Prometheus scrape endpoint of every service (the <c>Metrics</c> section) and the rules that keep it private.</summary>
public static partial class MetricsEndpointExtensions
{
    /// <summary>
    /// Binds and checks <see cref="MetricsOptions"/>; start-up stops, naming the key, for a short scrape token or a management
    /// port that is also a public port outside Development. Kestrel also listens on the management port.
    /// </summary>
    public static MetricsOptions AddMetricsEndpoint(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var configuration = builder.Configuration;
        // Read before the management port joins the URLs below.
        var publicPorts = MetricsEndpoint.PublicPorts(configuration).ToHashSet();
        builder.Services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => development || string.IsNullOrEmpty(options.ScrapeToken)
                    || options.ScrapeToken.Length >= MetricsOptions.MinimumScrapeTokenLength,
                $"Metrics:ScrapeToken must be at least {MetricsOptions.MinimumScrapeTokenLength} characters outside Development: "
                + "use a random secret, such as 32 bytes in base64.")
            .Validate(options => development || options.ManagementPort is not { } port || !publicPorts.Contains(port),
                "Metrics:ManagementPort is one of the ports the service answers its users on (urls, HTTP_PORTS, Kestrel:Endpoints): "
                + "the metrics would be public. Choose a port of its own, reachable only by the scraper.")
            .ValidateOnStart();

        var options = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (options is { PrometheusEnabled: true, ManagementPort: { } managementPort and > 0 and <= 65535 } && builder is WebApplicationBuilder web)
        {
            ListenAlsoOn(web, managementPort);
        }

        return options;
    }

    /// <summary>
    /// Maps the scrape endpoint, or leaves it out (and says so once) outside Development when neither a management port nor a
    /// scrape token protects it.
    /// </summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.PrometheusEnabled)
        {
            return app;
        }

        if (!app.Environment.IsDevelopment() && !options.IsProtected)
        {
            LogNotServed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsEndpointExtensions).FullName!), options.Path);
            return app;
        }

        var endpoint = new MetricsEndpoint(options);
        app.MapPrometheusScrapingEndpoint(options.Path, meterProvider: null, configureBranchedPipeline: endpoint.Gate, optionsName: null)
            .AllowAnonymous()
            .DisableAntiforgery()
            .DisableRateLimiting()
            .WithDisplayName("Prometheus scrape");
        return app;
    }

    // Listening in code would make Kestrel drop the configured URLs, so the management port is added to them instead.
    private static void ListenAlsoOn(WebApplicationBuilder web, int port)
    {
        var management = $"http://*:{port}";
        var endpoints = web.Configuration.GetSection("Kestrel:Endpoints");
        if (endpoints.GetChildren().Any())
        {
            web.Configuration["Kestrel:Endpoints:Metrics:Url"] = management;
            return;
        }

        var urls = web.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = new[] { ("http", web.Configuration["http_ports"]), ("https", web.Configuration["https_ports"]) }
                .SelectMany(pair => (pair.Item2 ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => $"{pair.Item1}://*:{p}"))
                .ToList();
            // Kestrel's own default when nothing is configured.
            urls = ports.Count > 0 ? string.Join(';', ports) : "http://localhost:5000";
        }

        web.WebHost.UseUrls($"{urls};{management}");
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Warning,
        Message = "{Path} is not served: outside Development set Metrics:ManagementPort or Metrics:ScrapeToken to let a scraper read the metrics.")]
    private static partial void LogNotServed(ILogger logger, string path);
}
