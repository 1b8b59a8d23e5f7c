using System.Globalization;
using System.Text;

namespace Aict.Benchmarks.Reservations;

/// <summary>Writes <c>benchmarks/results/reservations.md</c>: a table per scenario and a throughput chart.</summary>
internal static class BenchmarkReport
{
    public static string Write(IReadOnlyList<RunResult> results)
    {
        var invariant = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine("# Reservation strategies under contention (PostgreSQL)");
        report.AppendLine();
        report.AppendLine(invariant, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} CPU(s), .NET {Environment.Version}, with");
        report.AppendLine("`dotnet run --project benchmarks/Reservations -c Release`. Each run: a fresh database, one slot, the");
        report.AppendLine("ledger called as the API calls it (no HTTP), one place per hold. Latency is per hold attempt,");
        report.AppendLine("refusals included. *Lost races*: optimistic updates that read room but found none when writing;");
        report.AppendLine("*lock waits*: polls of a taken Redis lock. *Overbooked* must always be no.");
        foreach (var scenario in results.GroupBy(r => r.Scenario))
        {
            report.AppendLine();
            report.AppendLine(invariant, $"## {scenario.Key.Name}");
            report.AppendLine();
            report.AppendLine("| strategy | held | full | busy | overbooked | holds/s | p50 ms | p99 ms | lost races | lock waits |");
            report.AppendLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in scenario)
            {
                var overbooked = r.Held > r.Scenario.Capacity || r.Taken != r.Held ? "**yes**" : "no";
                report.AppendLine(invariant,
                    $"| {r.Strategy} | {r.Held} | {r.Full} | {r.Busy} | {overbooked} | {r.Throughput:F0} | {r.P50Milliseconds:F1} | {r.P99Milliseconds:F1} | {r.LostRaces} | {r.LockWaits} |");
            }

            report.AppendLine();
            report.AppendLine("```mermaid");
            report.AppendLine("xychart-beta");
            report.AppendLine(invariant, $"    title \"Holds per second: {scenario.Key.Name}\"");
            report.AppendLine(invariant, $"    x-axis [{string.Join(", ", scenario.Select(r => r.Strategy.ToString()))}]");
            report.AppendLine("    y-axis \"holds/s\"");
            report.AppendLine(invariant, $"    bar [{string.Join(", ", scenario.Select(r => r.Throughput.ToString("F0", invariant)))}]");
            report.AppendLine("```");
        }

        var path = Path.Combine(RepositoryRoot(), "benchmarks", "results", "reservations.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, report.ToString());
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "global.json")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
