using System.Diagnostics;

namespace Aict.Benchmarks.Protocol;

/// <summary>Password sign-ins by 32 workers, each with its own connection, one whole sign-in after another.</summary>
internal static class SignInLoad
{
    public static async Task<LoadFigures> RunAsync(Uri identity, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = await Task.WhenAll(Enumerable.Range(0, DriverSettings.Connections)
            .Select(_ => Task.Run(() => WorkAsync(identity, stopAt, cancellationToken), cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latencies = workers.SelectMany(worker => worker.Latencies).Order().ToArray();
        return new LoadFigures(latencies.Length, seconds, latencies.Length / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), workers.Sum(worker => worker.Errors));
    }

    /// <summary>A client with one kept-alive connection and no cookie handling of its own (each sign-in keeps its own).</summary>
    public static HttpClient CreateClient(Uri identity) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = identity,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<(List<double> Latencies, long Errors)> WorkAsync(Uri identity, long stopAt, CancellationToken cancellationToken)
    {
        using var client = CreateClient(identity);
        var signIn = new PasswordSignIn(client);
        var latencies = new List<double>();
        long errors = 0;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await signIn.SignInAsync(cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception error) when (error is SignInFailedException or HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                errors++;
            }
        }

        return (latencies, errors);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
