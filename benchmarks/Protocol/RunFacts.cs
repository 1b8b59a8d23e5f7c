using System.Diagnostics;
using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>Where and on what the figures were taken: machine, date, commit and whether the tree was dirty.</summary>
internal sealed record RunFacts(DateTimeOffset Date, int Cores, string Processor, string LoadAverage, string Commit, bool Dirty)
{
    /// <summary>Read before the run writes its results, so that they do not make the tree dirty themselves.</summary>
    public static async Task<RunFacts> ReadAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var processor = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "unknown processor";
        var (_, commit) = await GitAsync(repositoryRoot, ["rev-parse", "--short", "HEAD"], cancellationToken);
        var (_, status) = await GitAsync(repositoryRoot, ["status", "--porcelain", "--untracked-files=no"], cancellationToken);
        // The 1-minute load average before the run: anything well above 0 means the figures shared the cores.
        var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return new RunFacts(DateTimeOffset.UtcNow, Environment.ProcessorCount, processor, loadAverage, commit.Trim(), status.Trim().Length > 0);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Measured {Date:yyyy-MM-dd HH:mm} UTC on {Cores} cores ({Processor}, load average {LoadAverage} at the start), commit `{Commit}`{(Dirty ? " with uncommitted changes" : string.Empty)}.");

    private static Task<(int ExitCode, string Output)> GitAsync(string repositoryRoot, string[] arguments, CancellationToken cancellationToken) =>
        ShortProcess.RunAsync(new ProcessStartInfo("git", ["-C", repositoryRoot, .. arguments]), cancellationToken);
}
