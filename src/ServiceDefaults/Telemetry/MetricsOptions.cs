using System.ComponentModel.DataAnnotations;

namespace Aict.ServiceDefaults.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint (the <c>Metrics</c> section). In Development it answers anyone; elsewhere it is served
/// only on the management port, or only to a scraper that sends the token, or both (docs/observability.md#metrics).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>A scrape token shorter than this could be guessed: start-up refuses it outside Development.</summary>
    public const int MinimumScrapeTokenLength = 32;

    /// <summary>Serve Prometheus text at <see cref="Path"/>. OTLP export follows <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> on its own.</summary>
    public bool PrometheusEnabled { get; set; } = true;

    [RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "Metrics:Path must be a path starting with '/', such as /metrics.")]
    public string Path { get; set; } = "/metrics";

    /// <summary>A port Kestrel also listens on; the scrape endpoint answers only there (404 on every other port).</summary>
    [Range(1, 65535, ErrorMessage = "Metrics:ManagementPort must be a TCP port (1-65535).")]
    public int? ManagementPort { get; set; }

    /// <summary>A secret the scraper sends as <c>Authorization: Bearer</c>; anything else gets 401.</summary>
    public string? ScrapeToken { get; set; }

    internal bool IsProtected => ManagementPort is not null || !string.IsNullOrEmpty(ScrapeToken);
}
