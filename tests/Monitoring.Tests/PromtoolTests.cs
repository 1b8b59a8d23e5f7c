using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Aict.Monitoring.Tests;

/// <summary>Prometheus' own checker on the shipped config and rules, and the rules' unit tests (deploy/prometheus/alerts.test.yml).</summary>
public sealed partial class PromtoolTests
{
    [Fact]
    public async Task The_alert_rules_are_valid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", DeployFiles.AlertRules);
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task The_alert_rules_fire_on_the_series_their_unit_tests_feed_them()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", DeployFiles.AlertRuleTests);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_scrape_config_is_valid_and_loads_the_rules()
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", DeployFiles.PrometheusConfig);
        Assert.True(exitCode == 0, output);
        Assert.Contains("1 rule files found", output);
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_PromQL()
    {
        // Grafana fills the variables in before it queries; promtool checks each query as a recording rule.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var expressions = DeployFiles.DashboardExpressions();
        for (var index = 0; index < expressions.Count; index++)
        {
            var query = expressions[index].Replace("$__rate_interval", "1m").Replace("$job", ".*").Replace("$instance", ".*");
            rules.Append($"      - record: dashboard:query_{index}\n        expr: '{query.Replace("'", "''")}'\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"aict-dashboard-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (exitCode, output) = await PromtoolAsync("check", "rules", file);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_alert_rule_has_a_unit_test()
    {
        var tests = File.ReadAllText(DeployFiles.AlertRuleTests);
        var alerts = AlertName().Matches(File.ReadAllText(DeployFiles.AlertRules)).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}\n", tests));
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var promtool = FindOnPath("promtool")
            ?? throw new InvalidOperationException("promtool is not installed: scripts/test.sh installs it (Debian package prometheus).");
        var start = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
