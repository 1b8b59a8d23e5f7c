using Aict.Benchmarks.Reservations;
using Aict.CommerceApi.Reservations;

// Usage: dotnet run --project benchmarks/Reservations -c Release
// PostgreSQL from AICT_BENCH_POSTGRES (or AICT_TEST_POSTGRES), Redis from AICT_BENCH_REDIS (or AICT_TEST_REDIS).
var server = Environment.GetEnvironmentVariable("AICT_BENCH_POSTGRES")
    ?? Environment.GetEnvironmentVariable("AICT_TEST_POSTGRES")
    ?? "Host=127.0.0.1;Port=5432;Username=aict;Password=aict";
var redis = Environment.GetEnvironmentVariable("AICT_BENCH_REDIS")
    ?? Environment.GetEnvironmentVariable("AICT_TEST_REDIS")
    ?? "127.0.0.1:6390";

Scenario[] scenarios =
[
    new("200 customers, 50 places (the issue's contention test)", Attempts: 200, Capacity: 50, Concurrency: 200),
    new("2,000 holds, 1,500 places, 32 at a time", Attempts: 2_000, Capacity: 1_500, Concurrency: 32),
    new("2,000 holds, 1,500 places, 8 at a time", Attempts: 2_000, Capacity: 1_500, Concurrency: 8),
];

// A short unreported round first, so JIT and connection warm-up do not count against the first strategy.
foreach (var strategy in Enum.GetValues<ReservationStrategy>())
{
    await StrategyRun.MeasureAsync(strategy, new Scenario("warm-up", Attempts: 100, Capacity: 50, Concurrency: 8), server, redis);
}

var results = new List<RunResult>();
foreach (var scenario in scenarios)
{
    foreach (var strategy in Enum.GetValues<ReservationStrategy>())
    {
        var result = await StrategyRun.MeasureAsync(strategy, scenario, server, redis);
        Console.WriteLine(result.Summary);
        results.Add(result);
    }
}

var path = BenchmarkReport.Write(results);
Console.WriteLine($"Results written to {path}");
