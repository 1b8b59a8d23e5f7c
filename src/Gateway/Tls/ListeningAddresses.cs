using Aict.ServiceDefaults.Telemetry;

namespace Aict.Gateway.Tls;

/// <summary>The addresses Kestrel will listen on for users, read from configuration the way Kestrel itself reads it.</summary>
internal static class ListeningAddresses
{
    /// <summary>Kestrel's own default when nothing is configured.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// The plain-HTTP addresses among them. <c>Kestrel:Endpoints</c> win over <c>urls</c>, which win over
    /// <c>http_ports</c>/<c>https_ports</c>; the metrics management port is the scraper's, not the users'.
    /// </summary>
    public static IEnumerable<string> PlainHttp(IConfiguration configuration, MetricsOptions metrics) =>
        Configured(configuration)
            .Where(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .Where(url => metrics.ManagementPort is not { } port || !url.EndsWith($":{port}", StringComparison.Ordinal));

    private static List<string> Configured(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        var urls = Split(configuration["urls"]).ToList();
        if (urls.Count > 0)
        {
            return urls;
        }

        var ports = Split(configuration["http_ports"]).Select(port => $"http://*:{port}")
            .Concat(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"))
            .ToList();
        return ports.Count > 0 ? ports : [KestrelDefault];
    }

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
