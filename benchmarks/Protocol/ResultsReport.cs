using System.Globalization;
using System.Text;

namespace Aict.Benchmarks.Protocol;

/// <summary>benchmarks/results/protocol-load.md: the machine, the commit, and one table per database.</summary>
internal sealed class ResultsReport(DriverSettings settings, RunFacts facts, IReadOnlyList<DatabaseRun> runs)
{
    public const string Command = "./benchmarks/Protocol/run.sh [sqlite|postgres|all] [--duration 15]";

    private static readonly Dictionary<Scenario, string> Names = new()
    {
        [Scenario.ClientCredentials] = "client credentials (`partner-erp`, wrk)",
        [Scenario.RefreshToken] = "refresh token with rotation (`channel-web`, a family per connection, wrk)",
        [Scenario.PasswordSignIn] = "password sign-in (authorize → form → code → token, PKCE)",
        [Scenario.ReadWithToken] = "`GET /api/products` with a token (hosted by the driver)",
        [Scenario.ReadWithoutToken] = "`GET /api/products` without a token (hosted by the driver, authentication replaced)",
        [Scenario.ReadWithTokenShipped] = "`GET /api/products` with a token (CommerceApi as built)",
    };

    private const string TargetNote = "Besides its own target, every row must show a peak RSS ≤ 250 MB and zero errors.";

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Protocol load (issue 7)").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `{Command}`. {facts.Describe()}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Each scenario: {DriverSettings.WarmUp.TotalSeconds:0} s warm-up ({DriverSettings.SignInWarmUp.TotalSeconds:0} s for the sign-ins), then {settings.Duration.TotalSeconds:0} s at {DriverSettings.Connections} connections " +
            $"(`wrk -t{DriverSettings.WrkThreads} -c{DriverSettings.Connections}` on the same cores, or 32 sign-in workers). Password-hash bound: " +
            $"Identity's `PasswordHasher` on {Environment.ProcessorCount} threads for 5 s just before and just after each database's sign-ins, " +
            $"the mean of the two, by the clock and from the CPU time per verification (far apart when other work shared the cores); " +
            $"the sign-ins are held to the higher of the two.");
        text.AppendLine().AppendLine(TargetNote);
        if (settings.IsSmokeRun)
        {
            text.AppendLine().AppendLine("**Smoke run (shorter than 15 s): these figures show that the driver works, not what the stack can do.**");
        }

        foreach (var run in runs)
        {
            text.AppendLine().Append(RenderTables(run, "##"));
        }

        text.AppendLine().AppendLine(ReportMethod.Text);
        return text.ToString();
    }

    private static string RenderTables(DatabaseRun run, string heading)
    {
        var text = new StringBuilder(RenderResults(run, heading)).AppendLine();
        var signIns = run.Results.FirstOrDefault(r => r.Scenario == Scenario.PasswordSignIn);
        text.Append(CultureInfo.InvariantCulture, $"First token request after start (alone, before any load): {run.FirstTokenRequest.TotalMilliseconds:N0} ms. ");
        text.Append(CultureInfo.InvariantCulture,
            $"Password-hash bound around the sign-ins: {run.HashBound.ByClock:N1} verifications/s ({run.HashBound.ByCpuTime:N1}/s from the CPU time).");
        if (signIns is { DriverCpuSeconds: { } driver, Figures.Requests: > 0 })
        {
            text.Append(CultureInfo.InvariantCulture,
                $" The driver's own CPU during the sign-ins (it shares the cores): {driver * 1000 / signIns.Figures.Requests:N1} ms per sign-in.");
        }

        text.AppendLine().AppendLine();
        text.AppendLine("| table | rows after the run |").AppendLine("| --- | ---: |");
        foreach (var (table, rows) in run.Growth.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{table}` | {rows:N0} |");
        }

        return text.ToString();
    }

    private static string RenderResults(DatabaseRun run, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{heading} {(run.Database == "sqlite" ? "SQLite" : "PostgreSQL")}").AppendLine();
        text.AppendLine("| scenario | requests/s | p50 | p99 | errors | peak RSS identity / commerce | CPU per request identity / commerce | target | met? |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var result in run.Results)
        {
            var figures = result.Figures;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Names[result.Scenario]} | {figures.RequestsPerSecond:N1} | {figures.P50Milliseconds:N1} ms | {figures.P99Milliseconds:N1} ms | " +
                $"{figures.Errors:N0} | {Megabytes(result.Identity)} / {Megabytes(result.Commerce)} | " +
                $"{CpuPerRequest(result.Identity, figures)} / {CpuPerRequest(result.Commerce, figures)} | " +
                $"{Targets.Describe(result.Scenario, run.HashBound.Bound)} | {Targets.Verdict(result, run.Results, run.HashBound.Bound)} |");
        }

        return text.ToString();
    }

    private static string Megabytes(ProcessUsage? usage) =>
        usage is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{usage.PeakRssMegabytes:N0} MB");

    private static string CpuPerRequest(ProcessUsage? usage, LoadFigures figures) =>
        usage is null || figures.Requests == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{usage.CpuSeconds * 1000 / figures.Requests:N3} ms");
}
