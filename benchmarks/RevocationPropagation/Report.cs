using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>The results file: figures, and what exactly was measured on which machine.</summary>
internal sealed class Report(
    RunSettings settings, string redis, PropagationSample[] samples, LoadTally withCheck, LoadTally withoutCheck, int copyEntries,
    (double ValidNanoseconds, double RevokedNanoseconds) check, string loadAtStart, string loadAtEnd, double? otherCores)
{
    private const double PropagationAim = 100;
    private const double CheckAim = 0.05;

    public async Task<string> RenderAsync()
    {
        var text = new StringBuilder();
        var commit = await GitAsync("rev-parse --short HEAD") ?? "unknown";
        var dirty = string.IsNullOrWhiteSpace(await GitAsync("status --porcelain --untracked-files=no")) ? "" : " (with uncommitted changes)";
        var both = samples.Select(s => s.BothRefuse).ToArray();
        var firstPoll = samples.Count(s => s.Polls == 1);
        var perRequestMicroseconds = 1_000_000 / withCheck.RequestsPerSecond;
        var checkShare = check.ValidNanoseconds / 1_000 / perRequestMicroseconds;
        Line(text, $"# Revocation propagation, end to end over HTTP");
        Line(text);
        Line(text, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} CPU(s) ({RuntimeInformation.OSDescription}), {RuntimeInformation.FrameworkDescription},");
        Line(text, $"commit `{commit}`{dirty}, with `dotnet run -c Release --project benchmarks/RevocationPropagation{(settings.Garnet ? " -- --garnet" : "")}`.");
        Line(text, $"Redis: {redis}.");
        Line(text, $"Machine: {Busy()} Load average (1/5/15 min) {loadAtStart} at the start, {loadAtEnd} at the end.");
        Line(text);
        Line(text, $"IdentityServer and three CommerceApi instances, each its own host on Kestrel (real sockets on loopback ports),");
        Line(text, $"its own SQLite database, its own Redis connection and its own local revocation copy, all on one Redis key prefix;");
        Line(text, $"Development environment (demo realm), logging at Warning. The load generator runs in the same process on the same cores.");
        Line(text, $"The commerce database has no categories, so `GET /api/categories` is token validation, scope policy and one SQLite query:");
        Line(text, $"about the lightest authorized request, where the check's share of a request is largest.");
        Line(text);
        Line(text, $"## Propagation: revoked at IdentityServer, refused by two API instances");
        Line(text);
        Line(text, $"{samples.Length:N0} revocations (after {RunSettings.WarmUpRevocations} not counted), one at a time: a `partner-erp` client-credentials token");
        Line(text, $"(`products:read`), `GET /api/categories` answered 200 by both instances, then `POST /connect/revoke`; once it has answered, both");
        Line(text, $"instances are polled at once, each in a tight loop (one request in flight), until each answers 401. Times from just before the");
        Line(text, $"revoke request is sent. The Redis part alone (writer to two readers' copies, no HTTP) is in [revocation.md](revocation.md).");
        Line(text);
        Line(text, $"| measure | p50 ms | p90 ms | p99 ms | max ms |");
        Line(text, $"| --- | ---: | ---: | ---: | ---: |");
        Row(text, "revoke request → revoke response", samples.Select(s => s.RevokeResponse).ToArray());
        Row(text, "**revoke request → refused by both instances**", both);
        Row(text, "revoke response → refused by both instances", samples.Select(s => s.AfterRevokeResponse).ToArray());
        Line(text);
        Line(text, $"Both instances already refused the token at their first poll after the revoke response in {firstPoll:N0} of {samples.Length:N0} revocations");
        Line(text, $"(at most {Polls(samples.Max(s => s.Polls))}). Aim p99 < {PropagationAim:F0} ms: **{(Statistics.Percentile(both, 0.99) < PropagationAim ? "met" : "not met")}**.");
        Line(text);
        Line(text, $"## Per-request cost of the check");
        Line(text);
        Line(text, $"`GET /api/categories` with one valid token, {RunSettings.Connections} connections each with one request in flight, {settings.Seconds} s per variant in");
        Line(text, $"{RunSettings.Rounds} alternating rounds after a {RunSettings.LoadWarmUp.TotalSeconds:F0} s warm-up each. The variant without the check is a fourth host built only here:");
        Line(text, $"the same CommerceApi with its JwtBearer `OnTokenValidated` handler replaced by a no-op (`PostConfigure<JwtBearerOptions>`); it is");
        Line(text, $"confirmed to accept a revoked token that the checked instance refuses. The checked instance's copy held {copyEntries:N0} entries.");
        Line(text);
        Line(text, $"| variant | requests | requests/s | mean ms | p50 ms | p99 ms | non-200 |");
        Line(text, $"| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var tally in new[] { withCheck, withoutCheck })
        {
            Line(text, $"| {tally.Variant} | {tally.Requests:N0} | {tally.RequestsPerSecond:N0} | {tally.MeanMilliseconds:F2} | {tally.Percentile(0.50):F2} | {tally.Percentile(0.99):F2} | {tally.Failures} |");
        }

        Line(text);
        var (withSlowest, withFastest) = withCheck.RoundRange;
        var (withoutSlowest, withoutFastest) = withoutCheck.RoundRange;
        var overlap = withSlowest <= withoutFastest && withoutSlowest <= withFastest;
        Line(text, $"Throughput with the check / without: **{withCheck.RequestsPerSecond / withoutCheck.RequestsPerSecond:F3}**. Per round, requests/s ranged {withSlowest:N0}–{withFastest:N0}");
        Line(text, $"with the check and {withoutSlowest:N0}–{withoutFastest:N0} without: {(overlap ? "the rounds overlap, so on this machine the HTTP comparison cannot tell the two apart" : "the rounds do not overlap")}.");
        Line(text, $"Measured on its own (fastest of {CheckCost.Passes} passes), one `RevocationCopy.Check`");
        Line(text, $"with {RunSettings.CheckEntries:N0} entries (70 % tokens, 10 % each sessions, families, subjects) takes **{check.ValidNanoseconds:F0} ns** for a valid token (every lookup misses)");
        Line(text, $"and {check.RevokedNanoseconds:F0} ns for a revoked one: {checkShare:P3} of the {perRequestMicroseconds:F0} µs of wall-clock time per request at saturation");
        Line(text, $"(1 / requests per second with the check: a deliberately small denominator), and {check.ValidNanoseconds / 1_000_000 / withCheck.MeanMilliseconds:P4} of the mean request latency.");
        Line(text, $"Aim < {CheckAim:P0} of a request: **{(checkShare < CheckAim ? "met" : "not met")}**.");
        return text.ToString();
    }

    private string Busy() => otherCores switch
    {
        null => "other processes' CPU use unknown (no /proc/stat).",
        { } cores => string.Create(CultureInfo.InvariantCulture,
            $"{(cores >= 0.25 ? "**busy**" : "quiet")}: other processes (redis-server included) kept {cores:F2} of {Environment.ProcessorCount} cores busy on average during the run."),
    };

    private static string Polls(int count) => count == 1 ? "1 poll" : $"{count} polls";

    private static void Row(StringBuilder text, string measure, double[] values) => Line(text,
        $"| {measure} | {Statistics.Percentile(values, 0.50):F2} | {Statistics.Percentile(values, 0.90):F2} | {Statistics.Percentile(values, 0.99):F2} | {values.Max():F2} |");

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text) => text.Append('\n');

    private static async Task<string?> GitAsync(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory });
            var output = await git!.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
