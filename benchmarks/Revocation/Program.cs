using System.Diagnostics;
using System.Globalization;
using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// Usage: dotnet run --project benchmarks/Revocation -c Release
// Redis from AICT_BENCH_REDIS (or AICT_TEST_REDIS). Measures how long a revocation written by the writer
// takes to reach the local copies of two readers (two "API instances", each with its own connection),
// and what one check of the copy costs.
const int Revocations = 1_000;
var redis = Environment.GetEnvironmentVariable("AICT_BENCH_REDIS")
    ?? Environment.GetEnvironmentVariable("AICT_TEST_REDIS")
    ?? "127.0.0.1:6390";
var options = Options.Create(new RevocationOptions { KeyPrefix = $"bench:{Guid.NewGuid():N}:" });

await using var writerConnection = await ConnectionMultiplexer.ConnectAsync(redis);
var writer = new RedisRevocationWriter(writerConnection, options, TimeProvider.System);
await using var first = await Reader.StartAsync(redis, options);
await using var second = await Reader.StartAsync(redis, options);

var until = DateTimeOffset.UtcNow.AddMinutes(5);
var samples = new double[Revocations];
for (var i = 0; i < Revocations; i++)
{
    var id = $"token-{i}";
    var started = Stopwatch.GetTimestamp();
    await writer.RevokeTokenAsync(id, until);
    while (!first.Sees(id) || !second.Sees(id))
    {
        Thread.Yield();
    }

    samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

Array.Sort(samples);
var checkNanoseconds = MeasureCheck(first.Copy);
var report = string.Create(CultureInfo.InvariantCulture, $"""
    # Revocation propagation

    {Revocations:N0} revocations written to Redis ({redis}) and seen in the local copies of two readers,
    each with its own connection (write + PUBLISH + delivery + apply), measured in one process, no HTTP.

    | measure | value |
    |---|---|
    | p50 propagation | {Percentile(samples, 0.50):F2} ms |
    | p99 propagation | {Percentile(samples, 0.99):F2} ms |
    | max propagation | {samples[^1]:F2} ms |
    | one check of the local copy ({first.Copy.Count:N0} entries) | {checkNanoseconds:F0} ns |

    """);
Console.Write(report);
var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results", "revocation.md");
await File.WriteAllTextAsync(Path.GetFullPath(results), report);

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static double MeasureCheck(RevocationCopy copy)
{
    const int Checks = 1_000_000;
    var revoked = 0;
    var started = Stopwatch.GetTimestamp();
    for (var i = 0; i < Checks; i++)
    {
        // A typical valid user token: every lookup misses.
        if (copy.Check("jti-valid", "entry-valid", "sid-valid", "au-valid", "sub-valid", 1) != RevocationVerdict.Valid)
        {
            revoked++;
        }
    }

    return revoked == 0 ? Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1_000_000 / Checks : double.NaN;
}

/// <summary>One "API instance": its own connection, local copy and sync.</summary>
internal sealed class Reader : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly RevocationListSync _sync;

    private Reader(ConnectionMultiplexer connection, RevocationCopy copy, RevocationListSync sync)
    {
        _connection = connection;
        Copy = copy;
        _sync = sync;
    }

    public RevocationCopy Copy { get; }

    public bool Sees(string id) => Copy.Check(id, null, null, null, null, 0) == RevocationVerdict.Revoked;

    public static async Task<Reader> StartAsync(string redis, IOptions<RevocationOptions> options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var copy = new RevocationCopy(TimeProvider.System, options.Value.StalenessBound);
        var sync = new RevocationListSync(connection, copy, options, NullLogger<RevocationListSync>.Instance);
        await sync.StartAsync(CancellationToken.None);
        return new Reader(connection, copy, sync);
    }

    public async ValueTask DisposeAsync()
    {
        await _sync.StopAsync(CancellationToken.None);
        _sync.Dispose();
        await _connection.DisposeAsync();
    }
}
