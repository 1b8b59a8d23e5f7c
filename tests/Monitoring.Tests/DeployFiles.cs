using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aict.Monitoring.Tests;

/// <summary>The files under deploy/ that the tests check, read from the repository the tests were built from.</summary>
public static partial class DeployFiles
{
    public static string Root { get; } = FindRepositoryRoot();

    public static string Dashboard => Path.Combine(Root, "deploy", "grafana", "aict-identity.json");

    public static string PrometheusConfig => Path.Combine(Root, "deploy", "prometheus", "prometheus.yml");

    public static string AlertRules => Path.Combine(Root, "deploy", "prometheus", "alerts.yml");

    public static string AlertRuleTests => Path.Combine(Root, "deploy", "prometheus", "alerts.test.yml");

    public static JsonDocument ReadDashboard() => JsonDocument.Parse(File.ReadAllText(Dashboard));

    /// <summary>Every PromQL expression of the dashboard's panels.</summary>
    public static IReadOnlyList<string> DashboardExpressions()
    {
        using var dashboard = ReadDashboard();
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
    }

    /// <summary>
    /// The metric families the dashboard and the alert rules query, as the services expose them: a histogram's
    /// <c>_bucket</c> series belongs to its family. Prometheus' own <c>up</c> is not a service metric.
    /// </summary>
    public static IReadOnlySet<string> QueriedMetricFamilies() =>
        MetricFamiliesIn(string.Join('\n', DashboardExpressions()) + '\n' + File.ReadAllText(AlertRules));

    /// <summary>The metric families the dashboard alone queries.</summary>
    public static IReadOnlySet<string> DashboardMetricFamilies() => MetricFamiliesIn(string.Join('\n', DashboardExpressions()));

    private static HashSet<string> MetricFamiliesIn(string promQl) =>
        MetricName().Matches(promQl).Select(match => Family(match.Value)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The family a scraped or queried series name belongs to.</summary>
    public static string Family(string seriesName) => HistogramSuffix().Replace(seriesName, string.Empty);

    [GeneratedRegex(@"\b(?:aict|http_server|dotnet|kestrel)_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aict.Identity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Aict.Identity.sln above {AppContext.BaseDirectory}.");
    }
}
