using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Aict.Benchmarks.Protocol;

/// <summary><c>wrk -t2 -c32</c> with one of the committed Lua scripts, whose <c>done()</c> prints the figures as JSON.</summary>
internal sealed class WrkRun(string scriptDirectory)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<LoadFigures> RunAsync(string script, Uri url, TimeSpan duration, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk",
        [
            $"-t{DriverSettings.WrkThreads}", $"-c{DriverSettings.Connections}",
            $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency",
            "-s", Path.Combine(scriptDirectory, script), url.AbsoluteUri,
        ]);
        start.Environment["WRK_THREADS"] = DriverSettings.WrkThreads.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var (exitCode, output) = await ShortProcess.RunAsync(start, cancellationToken);
        var summary = output.Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (exitCode != 0 || summary is null)
        {
            throw new InvalidOperationException($"wrk {script} failed (exit code {exitCode}):\n{output}");
        }

        var figures = JsonSerializer.Deserialize<WrkSummary>(summary, SnakeCase)!;
        return new LoadFigures(figures.Requests, figures.Seconds, figures.RequestsPerSecond, figures.P50Ms, figures.P99Ms,
            figures.Non2xx + figures.SocketErrors + figures.Lost);
    }

    /// <summary>The JSON line of <c>summary.lua</c>.</summary>
    private sealed record WrkSummary(long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors, long Lost);
}
