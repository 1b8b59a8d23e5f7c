using System.Globalization;
using System.Text;

namespace Aict.Benchmarks.Protocol;

/// <summary>The fleet drills' markdown report, built section by section as the drills finish.</summary>
internal sealed class FleetReport(FleetDrillSettings settings, RunFacts facts)
{
    private static readonly string[] Columns = ["ok", "4xx", "500", "502", "503 + Retry-After", "503 without", "504", "other 5xx", "connection error", "timeout"];

    private readonly StringBuilder _sections = new();
    private readonly List<(string Check, bool Met, string Detail)> _verdicts = [];

    public void Capacity(double capacity, double rate, IReadOnlyList<Outcome> outcomes)
    {
        Line("## Capacity");
        Line();
        Line(I($"Unthrottled for 15 s after a 20 s warm-up: **{capacity:N0} successful requests/s** through the gateway (all traffic together). "
            + $"The drills and the soak run at {rate:N0} requests/s, 70 % of it."));
        Line();
        TrafficTable(outcomes);
    }

    public void InstanceDrill(string victim, string peer, DateTimeOffset killedAt, DateTimeOffset restartedAt, DateTimeOffset healthyAt,
        DateTimeOffset end, (double Victim, double Peer) cpu, (double? Victim, double? Peer) served, IReadOnlyList<Outcome> outcomes, TimeSpan target)
    {
        var dead = outcomes.Where(o => o.At >= killedAt && o.At < restartedAt).ToList();
        var deadFailures = dead.Where(o => !o.Success).ToList();
        var lastFailure = dead.Where(o => !o.Success).Select(o => (TimeSpan?)(o.At - killedAt)).Max();
        var afterRestart = outcomes.Where(o => o.At >= healthyAt && !o.Success).ToList();
        Line(I($"## Drill: kill -9 of {victim}"));
        Line();
        Line(I($"`{victim}` was killed with SIGKILL under load, left dead for {(restartedAt - killedAt).TotalSeconds:N0} s, then started again "
            + $"(healthy {(healthyAt - restartedAt).TotalSeconds:N1} s later)."));
        Line();
        Line(I($"- Failed requests while it was dead: **{deadFailures.Count}** of {dead.Count} ({Breakdown(deadFailures)})."));
        Line(lastFailure is { } stop
            ? I($"- Errors stopped **{stop.TotalSeconds:N1} s** after the kill (last failed request); target ≤ {target.TotalSeconds:N0} s.")
            : "- No request failed.");
        Line(I($"- After it was healthy again: {afterRestart.Count} failed requests ({Breakdown(afterRestart)}). In the 10 s after, `{victim}` answered "
            + $"{Count(served.Victim)} requests and `{peer}` {Count(served.Peer)} (their own `/metrics`, health probes left out); CPU {cpu.Victim:N2} s and {cpu.Peer:N2} s "
            + "(a fresh process also spends CPU on compiling its code)."));
        Line(I($"- 500s in the whole window: {outcomes.Count(o => o.Status == 500)}."));
        Line();
        PerSecond(outcomes, killedAt, "the kill");
        Verdict($"kill -9 {victim}: errors stop within {target.TotalSeconds:N0} s", (lastFailure ?? TimeSpan.Zero) <= target,
            lastFailure is { } last ? I($"{last.TotalSeconds:N1} s") : "no errors");
        Verdict($"kill -9 {victim}: no failures once restarted and healthy", afterRestart.Count == 0, I($"{afterRestart.Count} failed"));
        Verdict($"kill -9 {victim}: the restarted instance takes traffic again", served.Victim is { } v && served.Peer is { } p && v >= p * 0.25,
            I($"{Count(served.Victim)} requests in 10 s against its peer's {Count(served.Peer)}"));
        NoServerErrors($"kill -9 {victim}", outcomes);
    }

    public void PostgresDrill(DateTimeOffset stoppedAt, DateTimeOffset upAt, DateTimeOffset end, IReadOnlyList<Outcome> outcomes, TimeSpan target)
    {
        var down = outcomes.Where(o => o.At >= stoppedAt && o.At < upAt).ToList();
        var after = outcomes.Where(o => o.At >= upAt).ToList();
        var lastFailure = after.Where(o => !o.Success).Select(o => (TimeSpan?)(o.At - upAt)).Max();
        var failingDown = down.Where(o => !o.Success).ToList();
        Line("## Drill: PostgreSQL stopped and started");
        Line();
        Line(I($"The private cluster was stopped (`pg_ctl stop -m fast`) for {(upAt - stoppedAt).TotalSeconds:N1} s, including the stop and the start."));
        Line();
        Line(I($"- While it was down: {down.Count(o => o.Success)} requests succeeded, {failingDown.Count} failed: "
            + $"**{failingDown.Count(o => o.Status == 503 && o.RetryAfter)} 503 with Retry-After**, "
            + $"{failingDown.Count(o => o.Status == 503 && !o.RetryAfter)} 503 without, **{failingDown.Count(o => o.Status == 500)} 500** ({Breakdown(failingDown)})."));
        foreach (var traffic in Enum.GetValues<Traffic>())
        {
            var first = after.Where(o => o.Traffic == traffic && o.Success).Select(o => (TimeSpan?)(o.At - upAt)).Min();
            Line(I($"- {traffic}: first success {(first is { } f ? $"{f.TotalSeconds:N1} s" : "never")} after PostgreSQL was back."));
        }

        Line(lastFailure is { } stop
            ? I($"- Errors stopped **{stop.TotalSeconds:N1} s** after PostgreSQL was back (last failed request); target ≤ {target.TotalSeconds:N0} s.")
            : "- No request failed after PostgreSQL was back.");
        Line();
        TrafficTable(down);
        PerSecond(outcomes, stoppedAt, "the stop");
        Verdict("PostgreSQL down: refusals are 503 with Retry-After, never 500", failingDown.All(o => o.Status == 503 && o.RetryAfter),
            Breakdown(failingDown));
        Verdict($"PostgreSQL back: successes resume within {target.TotalSeconds:N0} s", (lastFailure ?? TimeSpan.Zero) <= target,
            lastFailure is { } last ? I($"errors until {last.TotalSeconds:N1} s") : "no errors");
        NoServerErrors("PostgreSQL outage", outcomes);
    }

    public void RedisDrill(DateTimeOffset stoppedAt, DateTimeOffset revokedAt, DateTimeOffset upAt, DateTimeOffset end, int readBefore,
        int revokeStatus, TimeSpan? refusedAfter, IReadOnlyList<int> statuses, IReadOnlyList<Outcome> outcomes, TimeSpan bound)
    {
        var reads = outcomes.Where(o => o.Traffic == Traffic.Read).ToList();
        var firstRefusal = reads.Where(o => o.At >= stoppedAt && o.At < upAt && !o.Success).Select(o => (TimeSpan?)(o.At - stoppedAt)).Min();
        var lastReadSuccessDown = reads.Where(o => o.At >= stoppedAt && o.At < upAt && o.Success).Select(o => (TimeSpan?)(o.At - stoppedAt)).Max();
        var readFailuresAfter = reads.Where(o => o.At >= upAt && !o.Success).Select(o => (TimeSpan?)(o.At - upAt)).Max();
        var down = outcomes.Where(o => o.At >= stoppedAt && o.At < upAt).ToList();
        Line("## Drill: Redis stopped and started");
        Line();
        Line(I($"redis-server was killed and started again {(upAt - stoppedAt).TotalSeconds:N1} s later; CommerceApi ran with "
            + $"`Revocation:StalenessBound` = {bound.TotalSeconds:N0} s (docs/revocation.md: it answers from its copy that long, then fails closed)."));
        Line();
        Line(I($"- CommerceApi reads: last success {Seconds(lastReadSuccessDown)} and first refusal {Seconds(firstRefusal)} after Redis went "
            + $"({Breakdown(down.Where(o => o.Traffic == Traffic.Read && !o.Success).ToList())} while it was down)."));
        Line(I($"- Reads failing after Redis was back: until {Seconds(readFailuresAfter)} after its return."));
        Line(I($"- All traffic while Redis was down: {down.Count(o => o.Success)} succeeded, {down.Count(o => !o.Success)} failed ({Breakdown(down.Where(o => !o.Success).ToList())})."));
        Line(I($"- Revocation while Redis was down: a client-credentials access token read products with {readBefore} before the outage; "
            + $"`POST /connect/revoke` {(revokedAt - stoppedAt).TotalSeconds:N0} s into the outage answered {revokeStatus}. After Redis returned, "
            + (refusedAfter is { } r ? $"CommerceApi refused it (401 four times in a row) {r.TotalSeconds:N1} s after the return." : $"it was NOT refused within 30 s (statuses: {string.Join(' ', statuses.TakeLast(12))}).")));
        Line();
        PerSecond(outcomes, stoppedAt, "the stop");
        Verdict("Redis down: CommerceApi fails closed after the staleness bound", firstRefusal is { } fr && fr >= bound - TimeSpan.FromSeconds(2)
            && down.Where(o => o.Traffic == Traffic.Read && o.At - stoppedAt > bound + TimeSpan.FromSeconds(3)).All(o => !o.Success),
            $"first refusal {Seconds(firstRefusal)}, last success {Seconds(lastReadSuccessDown)}");
        Verdict("Redis back: CommerceApi reads recover", readFailuresAfter is null || readFailuresAfter < TimeSpan.FromSeconds(20),
            $"failures until {Seconds(readFailuresAfter)}");
        Verdict("A revocation made while Redis was down is refused after it returns (outbox)", revokeStatus == 200 && refusedAfter is not null,
            refusedAfter is { } after ? I($"revoke {revokeStatus}, refused {after.TotalSeconds:N1} s after the return") : I($"revoke {revokeStatus}, not refused"));
        NoServerErrors("Redis outage", outcomes);
    }

    public void Soak(DateTimeOffset start, DateTimeOffset end,
        IReadOnlyList<(int Minute, IReadOnlyList<(string Process, double RssMegabytes)> Rss, long TokenRows)> samples,
        IReadOnlyList<(string Table, long Rows)> rowsAtStart, IReadOnlyList<(string Table, long Rows)> rowsAtEnd, IReadOnlyList<Outcome> outcomes)
    {
        var failures = outcomes.Where(o => !o.Success).ToList();
        Line(I($"## Drill: soak, {(end - start).TotalMinutes:N1} minutes at 70 % of capacity"));
        Line();
        Line(I($"- {outcomes.Count:N0} requests, {outcomes.Count / Math.Max(1, (end - start).TotalSeconds):N1}/s; **{failures.Count} failed** ({Breakdown(failures)})."));
        Line();
        TrafficTable(outcomes);
        Line("Resident memory (MB) of every process, and the rows of OpenIddictTokens, at the start and after every minute:");
        Line();
        var processes = samples.SelectMany(s => s.Rss.Select(r => r.Process)).Distinct().ToList();
        Line("| minute | " + string.Join(" | ", processes) + " | OpenIddictTokens rows |");
        Line("| ---: | " + string.Join(" | ", processes.Select(_ => "---:")) + " | ---: |");
        foreach (var (minute, rss, tokenRows) in samples)
        {
            Line(I($"| {minute} | ") + string.Join(" | ", processes.Select(p => rss.FirstOrDefault(r => r.Process == p).RssMegabytes.ToString("N0", CultureInfo.InvariantCulture)))
                + I($" | {tokenRows:N0} |"));
        }

        Line();
        Line("Token tables (identity database), rows at the start and the end of the soak (pruning every minute, retention 1 min, refresh tokens sliding 2 min):");
        Line();
        Line("| table | start | end |");
        Line("| --- | ---: | ---: |");
        foreach (var (table, rows) in rowsAtStart)
        {
            Line(I($"| {table} | {rows:N0} | {rowsAtEnd.First(r => r.Table == table).Rows:N0} |"));
        }

        Line();
        Verdict("Soak: no failed requests", failures.Count == 0, Breakdown(failures));
        if (samples.Count >= 3)
        {
            // Growth between the second sample and the last: the first minute still warms up.
            var grown = processes.Select(p => (p, samples[1].Rss.FirstOrDefault(r => r.Process == p).RssMegabytes, samples[^1].Rss.FirstOrDefault(r => r.Process == p).RssMegabytes))
                .Where(x => x.Item2 > 0 && x.Item3 > x.Item2 * 1.25).Select(x => x.p).ToList();
            Verdict("Soak: memory flat (no process grew more than 25 % after minute 1)", grown.Count == 0, grown.Count == 0 ? "flat" : string.Join(", ", grown));
        }

        var tokens = (rowsAtStart.First(r => r.Table == "OpenIddictTokens").Rows, rowsAtEnd.First(r => r.Table == "OpenIddictTokens").Rows);
        Line(I($"Refresh tokens issued during the soak ≈ {outcomes.Count(o => o.Traffic == Traffic.Refresh && o.Success):N0}."));
        Line();
        Verdict("Soak: token table bounded (pruning works)", tokens.Item2 <= Math.Max(tokens.Item1 * 2, tokens.Item1 + 2000)
            || tokens.Item2 < outcomes.Count(o => o.Traffic == Traffic.Refresh && o.Success) / 2,
            I($"OpenIddictTokens {tokens.Item1:N0} → {tokens.Item2:N0}"));
        NoServerErrors("Soak", outcomes);
    }

    public void Families(IReadOnlyList<FamilyCheck> checks, IReadOnlyList<Family> ended, int signInFailures)
    {
        Line("## Lost writes: refresh-token families");
        Line();
        Line(I($"Each family was walked by its own worker, which kept every refresh token it was given ({checks.Sum(c => c.TokensGiven) + ended.Sum(f => f.Tokens.Count):N0} in all). "
            + "After the drills, each living family's last token was redeemed (expected 200), redeemed again (400) and the token before it sent (400)."));
        Line();
        Line("| family | tokens given | last token | same again | earlier token |");
        Line("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var check in checks)
        {
            Line(I($"| {check.Number} | {check.TokensGiven:N0} | {check.LastStatus} | {check.AgainStatus} | {check.EarlierStatus} |"));
        }

        Line();
        Line(I($"Families that ended during the run ({ended.Count}); sign-ins that failed and were tried again: {signInFailures}."));
        foreach (var family in ended)
        {
            Line(I($"- family {family.Number} after {family.Tokens.Count} tokens: {family.EndedBecause}"));
        }

        Line();
        var refusedWithoutCause = ended.Count(f => f.EndedBecause!.Contains("without", StringComparison.Ordinal));
        Verdict("Every living family's last refresh token redeems exactly once, an earlier one is refused", checks.Count > 0 && checks.All(c => c.Passed),
            I($"{checks.Count(c => c.Passed)} of {checks.Count} families"));
        Verdict("No family refused without a lost answer before it", refusedWithoutCause == 0, I($"{refusedWithoutCause} refused"));
    }

    public void Orders(IReadOnlySet<Guid> accepted, IReadOnlyList<OrderCheck> stored)
    {
        var missing = accepted.Where(id => stored.All(o => o.Id != id)).ToList();
        var unanswered = stored.Count(o => !accepted.Contains(o.Id));
        var failing = stored.Where(o => !o.Passed).ToList();
        Line("## Lost writes: orders");
        Line();
        Line(I($"- Orders the API accepted: {accepted.Count}; in the commerce database: {stored.Count} ({unanswered} of them stored although their answer was lost)."));
        Line("- Final states: " + string.Join(", ", stored.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => I($"{g.Key} {g.Count()}"))) + ".");
        Line(I($"- Accepted but not stored: {missing.Count}. Not final, or with a final or compensating event written more than once: {failing.Count}."));
        foreach (var order in failing.Take(20))
        {
            Line(I($"  - {order.Id}: {order.Status}, final events {order.FinalEvents}, inventory released {order.InventoryReleased}, payment voided {order.PaymentVoided}, shipment cancelled {order.ShipmentCancelled}"));
        }

        Line();
        Verdict("Every accepted order is stored", missing.Count == 0, I($"{missing.Count} missing"));
        Verdict("Every order ended completed or compensated exactly once", stored.Count > 0 && failing.Count == 0, I($"{failing.Count} of {stored.Count} not"));
    }

    public string ToMarkdown(bool completed)
    {
        var text = new StringBuilder();
        text.AppendLine("# Fleet fault drills");
        text.AppendLine();
        text.AppendLine(facts.Describe());
        if (!string.IsNullOrEmpty(settings.Note))
        {
            text.AppendLine();
            text.AppendLine("**" + settings.Note + "**");
        }

        text.AppendLine();
        text.AppendLine(I($"Settings: soak {settings.SoakMinutes:N1} min, CommerceApi `Revocation:StalenessBound` {settings.StalenessBound.TotalSeconds:N0} s, "
            + $"PostgreSQL outage {settings.PostgresOutage.TotalSeconds:N0} s. Fleet on loopback: gateway (`Gateway:RateLimit:PermitsPerSecond` 0) serving "
            + $"IdentityServer on :{FleetProcesses.GatewayIdentityPort} (the issuer) and CommerceApi on :{FleetProcesses.GatewayCommercePort}; IdentityServer on "
            + $"{string.Join(", ", FleetProcesses.IdentityPorts.Select(p => $":{p}"))}, CommerceApi on {string.Join(", ", FleetProcesses.CommercePorts.Select(p => $":{p}"))}, "
            + $"a private PostgreSQL 15 cluster on :{FleetProcesses.PostgresPort} and redis-server on :{FleetProcesses.RedisPort}. Load from this driver through the gateway: "
            + $"{FleetLoad.ClientCredentialsWorkers} client-credentials workers, {FleetLoad.ReadWorkers} CommerceApi read workers (`GET /api/products`), "
            + $"{FleetLoad.FamilyWorkers} refresh-token family workers (channel-web, alice) placing an order every {FleetLoad.RefreshesPerOrder} refreshes. "
            + $"Run with `{FleetDrillSettings.Command}`."));
        text.AppendLine();
        text.AppendLine("How to read it: [docs/fleet-drills.md](../../docs/fleet-drills.md).");
        text.AppendLine();
        text.AppendLine("## Verdicts");
        text.AppendLine();
        if (!completed)
        {
            text.AppendLine("**The run did not finish: the sections below are what it reached.**");
            text.AppendLine();
        }

        text.AppendLine("| check | result | detail |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var (check, met, detail) in _verdicts)
        {
            text.AppendLine($"| {check} | {(met ? "met" : "**NOT met**")} | {detail} |");
        }

        text.AppendLine();
        text.Append(_sections);
        return text.ToString();
    }

    private void NoServerErrors(string drill, IReadOnlyList<Outcome> outcomes) =>
        Verdict($"{drill}: no 500", outcomes.All(o => o.Status != 500), I($"{outcomes.Count(o => o.Status == 500)} × 500"));

    private void Verdict(string check, bool met, string detail) => _verdicts.Add((check, met, detail));

    private void TrafficTable(IReadOnlyList<Outcome> outcomes)
    {
        Line("| traffic | " + string.Join(" | ", Columns) + " |");
        Line("| --- | " + string.Join(" | ", Columns.Select(_ => "---:")) + " |");
        foreach (var traffic in Enum.GetValues<Traffic>())
        {
            var counts = Count(outcomes.Where(o => o.Traffic == traffic));
            Line($"| {traffic} | " + string.Join(" | ", Columns.Select(c => counts.GetValueOrDefault(c).ToString(CultureInfo.InvariantCulture))) + " |");
        }

        Line();
    }

    /// <summary>Every second of the drill's window, all traffic together, relative to the fault (negative: before it).</summary>
    private void PerSecond(IReadOnlyList<Outcome> outcomes, DateTimeOffset origin, string what)
    {
        Line(I($"<details><summary>Per second, relative to {what}</summary>"));
        Line();
        Line("| s | " + string.Join(" | ", Columns) + " |");
        Line("| ---: | " + string.Join(" | ", Columns.Select(_ => "---:")) + " |");
        foreach (var second in outcomes.GroupBy(o => (int)Math.Floor((o.At - origin).TotalSeconds)).OrderBy(g => g.Key))
        {
            var counts = Count(second);
            Line(I($"| {second.Key} | ") + string.Join(" | ", Columns.Select(c => counts.GetValueOrDefault(c).ToString(CultureInfo.InvariantCulture))) + " |");
        }

        Line();
        Line("</details>");
        Line();
    }

    private static Dictionary<string, int> Count(IEnumerable<Outcome> outcomes) =>
        outcomes.GroupBy(Column).ToDictionary(g => g.Key, g => g.Count());

    private static string Column(Outcome outcome) => outcome switch
    {
        { Success: true } => "ok",
        { Status: 0 } => "connection error",
        { Status: -1 } => "timeout",
        { Status: 503, RetryAfter: true } => "503 + Retry-After",
        { Status: 503 } => "503 without",
        { Status: 500 or 502 or 504 } => outcome.Status.ToString(CultureInfo.InvariantCulture),
        { Status: >= 500 } => "other 5xx",
        _ => "4xx",
    };

    private static string Breakdown(List<Outcome> failures) => failures.Count == 0
        ? "none"
        : string.Join(", ", failures.GroupBy(o => (Column(o), o.Traffic)).OrderByDescending(g => g.Count())
            .Select(g => I($"{g.Count()} {g.Key.Item1} {g.Key.Traffic}")));

    private static string Count(double? count) => count is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "unknown";

    private static string Seconds(TimeSpan? time) => time is { } t ? I($"{t.TotalSeconds:N1} s") : "—";

    /// <summary>Marks text formatted for the report: the run sets the invariant culture (<see cref="FleetDrills.RunAsync"/>).</summary>
    private static string I(string text) => text;

    private void Line(string text = "") => _sections.AppendLine(text);
}
