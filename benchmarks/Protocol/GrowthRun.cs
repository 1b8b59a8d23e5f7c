using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The long run (<c>growth</c>): refresh-token rotation for many minutes against an IdentityServer whose refresh tokens,
/// sessions and pruning are scaled from days and hours down to minutes, the token tables counted after every minute.
/// Without pruning they would hold every token ever issued; with it they level off at about the rate times
/// (refresh-token lifetime + retention + pruning interval). Writes benchmarks/results/protocol-growth.md.
/// </summary>
internal static partial class GrowthRun
{
    public const string Command = "./benchmarks/Protocol/run.sh growth [sqlite|postgres|all] [--minutes 10]";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The defaults (14 days, 8 hours, 14 days, every hour) scaled down so that a run of minutes reaches the steady state.</summary>
    private static readonly Dictionary<string, string> IdentitySettings = new()
    {
        ["Tokens__RefreshTokenSliding"] = "00:02:00",
        ["Session__IdleTimeout"] = "00:02:00",
        ["Session__AbsoluteLifetime"] = "00:02:00",
        ["Pruning__Retention"] = "00:01:00",
        ["Pruning__Interval"] = "00:01:00",
        // Each round's counts, read back from the log.
        ["Logging__LogLevel__Aict.IdentityServer.Platform.Pruning"] = "Information",
    };

    /// <summary>Fresh families every minute: the ones before are left to expire, as abandoned sign-ins are.</summary>
    private const int Families = DriverSettings.Connections + 8;

    public static async Task RunAsync(DriverSettings settings, CancellationToken cancellationToken)
    {
        var facts = await RunFacts.ReadAsync(settings.RepositoryRoot, cancellationToken);
        var wrk = new WrkRun(Path.Combine(settings.RepositoryRoot, "benchmarks", "Protocol"));
        var runs = await LoadRun.OnEachDatabaseAsync(settings, IdentitySettings, async (database, stack, directory) =>
        {
            var minutes = new List<GrowthMinute>();
            long issued = 0;
            for (var minute = 1; minute <= (int)settings.Duration.TotalMinutes; minute++)
            {
                var tokens = Path.Combine(directory, $"refresh-tokens-{minute}.txt");
                await PasswordSignIn.WriteRefreshTokensAsync(stack.Identity.Address, Families, tokens, cancellationToken);
                stack.Identity.Meter.Start();
                var figures = await wrk.RunAsync("refresh-token.lua", stack.Identity.Address, Minute,
                    new Dictionary<string, string> { ["REFRESH_TOKENS"] = tokens }, cancellationToken);
                var usage = stack.Identity.Meter.Stop();
                // Each sign-in stores a code and a refresh token; each refresh answered stores the rotated one.
                issued += 2 * Families + figures.Requests - figures.Errors;
                var rows = TableGrowth.Count(stack);
                var disk = stack.Databases.SizeOnDisk(stack.IdentityConnectionString);
                minutes.Add(new GrowthMinute(minute, figures, usage, issued, rows, disk));
                Console.WriteLine($"  minute {minute}: {figures.RequestsPerSecond:N0} refreshes/s, p99 {figures.P99Milliseconds:N1} ms, " +
                    $"{figures.Errors} errors; {issued:N0} token rows stored so far, {rows["OpenIddictTokens"]:N0} in the table, {disk} on disk; " +
                    $"peak RSS {usage.PeakRssMegabytes:N0} MB");
            }

            return new GrowthDatabaseRun(database, minutes, ReadPruningRounds(stack.Identity.LogPath));
        }, cancellationToken);

        var report = Render(facts, runs);
        var resultsFile = Path.Combine(settings.RepositoryRoot, "benchmarks", "results", "protocol-growth.md");
        await File.WriteAllTextAsync(resultsFile, report, cancellationToken);
        Console.WriteLine();
        Console.Write(report);
        Console.WriteLine($"Written to {resultsFile}");
    }

    /// <summary>The rounds IdentityServer logged (event 4610), read while it still writes to the log.</summary>
    private static List<PrunedRound> ReadPruningRounds(string logPath)
    {
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return PrunedLine().Matches(reader.ReadToEnd())
            .Select(match => new PrunedRound(
                long.Parse(match.Groups["tokens"].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups["authorizations"].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups["sessions"].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups["milliseconds"].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    [GeneratedRegex(@"Pruned (?<tokens>\d+) tokens, (?<authorizations>\d+) authorizations, (?<sessions>\d+) sessions, .* in (?<milliseconds>\d+) ms")]
    private static partial Regex PrunedLine();

    private static string Render(RunFacts facts, IReadOnlyList<GrowthDatabaseRun> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("# Token-table growth over a long run (issue 7)").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `{Command}`. {facts.Describe()}").AppendLine();
        var scaled = string.Join(", ", IdentitySettings.Where(s => !s.Key.StartsWith("Logging", StringComparison.Ordinal))
            .Select(s => $"`{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}`"));
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            IdentityServer on its Development defaults except for lifetimes scaled from days to minutes: {scaled}.
            Every minute the driver signs alice in {Families} times (fresh token families; the previous minute's are abandoned
            with a live refresh token and left to expire) and runs `refresh-token.lua` for 60 s at {DriverSettings.Connections}
            connections, then counts the rows and measures the identity database on disk (a SQLite file and its write-ahead
            log, or the PostgreSQL database). "Stored so far" is every token row IdentityServer wrote (a code and a refresh
            token per sign-in, a refresh token per refresh answered): what the table would hold without pruning. A redeemed refresh
            token stays until it expires (2 min) plus the retention (1 min), and a round runs every minute, so the table should
            level off near the refresh rate × 3–4 min.
            """);
        foreach (var run in runs)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {(run.Database == "sqlite" ? "SQLite" : "PostgreSQL")}").AppendLine();
            text.AppendLine("| minute | refreshes/s | p99 | errors | token rows stored so far | `OpenIddictTokens` | `OpenIddictAuthorizations` | `UserSessions` | on disk | peak RSS |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var minute in run.Minutes)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {minute.Minute} | {minute.Figures.RequestsPerSecond:N0} | {minute.Figures.P99Milliseconds:N1} ms | {minute.Figures.Errors:N0} | " +
                    $"{minute.StoredSoFar:N0} | {minute.Rows["OpenIddictTokens"]:N0} | {minute.Rows["OpenIddictAuthorizations"]:N0} | " +
                    $"{minute.Rows["UserSessions"]:N0} | {minute.Disk} | {minute.Identity.PeakRssMegabytes:N0} MB |");
            }

            text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Pruning rounds logged: {run.Rounds.Count}, deleting {run.Rounds.Sum(r => r.Tokens):N0} tokens, " +
                $"{run.Rounds.Sum(r => r.Authorizations):N0} authorizations and {run.Rounds.Sum(r => r.Sessions):N0} sessions " +
                $"(per round, tokens in milliseconds: {string.Join(", ", run.Rounds.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Tokens:N0} in {r.Milliseconds:N0}")))}).");
        }

        return text.ToString();
    }

    private sealed record GrowthMinute(int Minute, LoadFigures Figures, ProcessUsage Identity, long StoredSoFar, TableGrowth Rows, DiskUse Disk);

    private sealed record PrunedRound(long Tokens, long Authorizations, long Sessions, long Milliseconds);

    private sealed record GrowthDatabaseRun(string Database, IReadOnlyList<GrowthMinute> Minutes, IReadOnlyList<PrunedRound> Rounds);
}
