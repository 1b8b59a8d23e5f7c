using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>Requests answered by one variant over all its rounds.</summary>
internal sealed class LoadTally(string variant)
{
    private readonly List<double> _latencies = [];
    private readonly List<double> _roundRates = [];
    private double _seconds;

    public string Variant => variant;

    public int Requests => _latencies.Count;

    public int Failures { get; private set; }

    public double RequestsPerSecond => Requests / _seconds;

    public double MeanMilliseconds => _latencies.Average();

    public double Percentile(double p) => Statistics.Percentile(_latencies, p);

    /// <summary>Requests per second of the slowest and the fastest round: how much the machine varied.</summary>
    public (double Slowest, double Fastest) RoundRange => (_roundRates.Min(), _roundRates.Max());

    public void Add(IReadOnlyCollection<double> latencies, int failures, double seconds)
    {
        _roundRates.Add(latencies.Count / seconds);
        _latencies.AddRange(latencies);
        Failures += failures;
        _seconds += seconds;
    }
}

/// <summary>
/// A closed loop: <see cref="RunSettings.Connections"/> workers, each with one request in flight at a time on its own
/// kept-alive connection, sending the same token to the same endpoint until time is up.
/// </summary>
internal static class LoadRun
{
    /// <summary>Both variants warmed up, then measured in alternating rounds for <paramref name="seconds"/> each in total.</summary>
    public static async Task<(LoadTally WithCheck, LoadTally WithoutCheck)> CompareAsync(HttpClient checkedApi, HttpClient baselineApi, string token, int seconds)
    {
        var withCheck = new LoadTally("with the revocation check");
        var withoutCheck = new LoadTally("without it (benchmark-only host)");
        await RoundAsync(checkedApi, token, RunSettings.LoadWarmUp, tally: null);
        await RoundAsync(baselineApi, token, RunSettings.LoadWarmUp, tally: null);
        // Alternating rounds, so a neighbour's burst on the shared machine falls on both variants alike.
        var round = TimeSpan.FromSeconds(seconds / (double)RunSettings.Rounds);
        for (var i = 0; i < RunSettings.Rounds; i++)
        {
            var first = i % 2 == 0;
            await RoundAsync(first ? checkedApi : baselineApi, token, round, first ? withCheck : withoutCheck);
            await RoundAsync(first ? baselineApi : checkedApi, token, round, first ? withoutCheck : withCheck);
        }

        return (withCheck, withoutCheck);
    }

    private static async Task RoundAsync(HttpClient api, string token, TimeSpan duration, LoadTally? tally)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = await Task.WhenAll(Enumerable.Range(0, RunSettings.Connections).Select(_ => Task.Run(() => WorkAsync(api, token, stopAt))));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        tally?.Add([.. workers.SelectMany(w => w.Latencies)], workers.Sum(w => w.Failures), seconds);
    }

    private static async Task<(List<double> Latencies, int Failures)> WorkAsync(HttpClient api, string token, long stopAt)
    {
        var latencies = new List<double>(8_192);
        var failures = 0;
        var authorization = new AuthenticationHeaderValue("Bearer", token);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, PropagationRun.Path);
            request.Headers.Authorization = authorization;
            var sent = Stopwatch.GetTimestamp();
            using var response = await api.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            else
            {
                failures++;
            }
        }

        return (latencies, failures);
    }
}
