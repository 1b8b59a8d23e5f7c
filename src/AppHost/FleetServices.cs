using System.Diagnostics;

namespace Aict.AppHost;

/// <summary>
/// PostgreSQL and redis-server for the fleet, made ready by scripts/fleet-services.sh (installed when missing,
/// started, databases created): the connection strings it reports.
/// </summary>
internal sealed record FleetServices(string Postgres, string Redis)
{
    public string IdentityDatabase => $"{Postgres};Database=aict_fleet_identity";

    public string CommerceDatabase => $"{Postgres};Database=aict_fleet_commerce";

    /// <summary>Runs the script and reads its last lines, <c>postgres=…</c> and <c>redis=…</c>; its progress goes to the console.</summary>
    public static FleetServices Prepare(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "scripts", "fleet-services.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = repositoryRoot,
        }) ?? throw new InvalidOperationException($"Could not start {script}.");
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit code {process.ExitCode}); its output is above.");
        }

        string Value(string name) =>
            lines.LastOrDefault(line => line.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..]
            ?? throw new InvalidOperationException($"{script} did not report '{name}='.");
        return new FleetServices(Value("postgres"), Value("redis"));
    }
}
