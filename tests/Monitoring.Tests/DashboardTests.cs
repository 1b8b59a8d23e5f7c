using System.Text.Json;

namespace Aict.Monitoring.Tests;

/// <summary>deploy/grafana/aict-identity.json imports into Grafana as a working dashboard.</summary>
public sealed class DashboardTests
{
    private const int GridWidth = 24;

    [Fact]
    public void Every_panel_queries_something_and_has_a_unique_id_and_a_place_on_the_grid()
    {
        using var dashboard = DeployFiles.ReadDashboard();
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);

        var ids = panels.Select(panel => panel.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(title));
            var grid = panel.GetProperty("gridPos");
            var (x, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(grid.GetProperty("y").GetInt32() >= 0 && x >= 0 && w > 0 && h > 0 && x + w <= GridWidth, $"{title}: gridPos {grid}");
            if (panel.GetProperty("type").GetString() == "row")
            {
                continue;
            }

            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"{title} has no query.");
            foreach (var target in targets)
            {
                Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("refId").GetString()), title);
                var expression = target.GetProperty("expr").GetString();
                Assert.False(string.IsNullOrWhiteSpace(expression), $"{title} has an empty query.");
                // The job and instance pickers must narrow every query.
                Assert.Contains("job=~\"$job\"", expression);
                Assert.Contains("instance=~\"$instance\"", expression);
            }
        }
    }

    [Fact]
    public void No_two_panels_overlap()
    {
        using var dashboard = DeployFiles.ReadDashboard();
        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            var grid = panel.GetProperty("gridPos");
            for (var y = grid.GetProperty("y").GetInt32(); y < grid.GetProperty("y").GetInt32() + grid.GetProperty("h").GetInt32(); y++)
            {
                for (var x = grid.GetProperty("x").GetInt32(); x < grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(); x++)
                {
                    Assert.True(cells.Add((x, y)), $"{panel.GetProperty("title").GetString()} overlaps another panel at ({x}, {y}).");
                }
            }
        }
    }

    [Fact]
    public void The_data_source_job_and_instance_are_variables()
    {
        using var dashboard = DeployFiles.ReadDashboard();
        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable);

        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        foreach (var name in new[] { "job", "instance" })
        {
            Assert.Equal("query", variables[name].GetProperty("type").GetString());
            Assert.True(variables[name].GetProperty("includeAll").GetBoolean());
            Assert.Equal(".*", variables[name].GetProperty("allValue").GetString());
        }

        Assert.Equal(JsonValueKind.Number, dashboard.RootElement.GetProperty("schemaVersion").ValueKind);
        Assert.Equal("aict-identity", dashboard.RootElement.GetProperty("uid").GetString());
    }

    [Fact]
    public void The_dashboard_shows_every_signal_the_issue_names()
    {
        var families = DeployFiles.DashboardMetricFamilies();
        foreach (var family in new[]
        {
            "aict_signins_total", "aict_mfa_challenges_total", "aict_tokens_issued_total", "aict_token_errors_total",
            "aict_revocations_total", "aict_revocation_propagation_seconds", "aict_sessions_active", "aict_security_alerts_total",
            "http_server_request_duration_seconds", "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes",
            "dotnet_gc_collections_total",
        })
        {
            Assert.Contains(family, families);
        }
    }
}
