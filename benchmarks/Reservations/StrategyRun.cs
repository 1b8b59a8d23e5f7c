using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Extensions;
using Aict.CommerceApi.Reservations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Aict.Benchmarks.Reservations;

/// <summary>How many holds are attempted on how many places, and how many run at once.</summary>
internal sealed record Scenario(string Name, int Attempts, int Capacity, int Concurrency);

internal sealed record RunResult(
    Scenario Scenario, ReservationStrategy Strategy, int Held, int Full, int Busy, int Taken,
    TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, long LostRaces, long LockWaits)
{
    public double Throughput => Scenario.Attempts / Elapsed.TotalSeconds;

    public string Summary =>
        $"{Scenario.Name} | {Strategy,-11} | held {Held}, full {Full}, busy {Busy} | {Throughput,7:F0} holds/s | p50 {P50Milliseconds:F1} ms, p99 {P99Milliseconds:F1} ms";
}

/// <summary>One strategy on a fresh PostgreSQL database: the ledger exactly as the API wires it, without HTTP.</summary>
internal static class StrategyRun
{
    public static async Task<RunResult> MeasureAsync(ReservationStrategy strategy, Scenario scenario, string server, string redis)
    {
        var database = $"aict_bench_{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:commerce"] = $"{server};Database={database};Maximum Pool Size={Math.Max(10, Math.Min(scenario.Concurrency, 40))}",
            ["ConnectionStrings:redis"] = redis,
            ["Reservations:Strategy"] = strategy.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            // Migrating a database that does not exist yet logs its failed first connection as an error; it is expected here.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Connection"] = "None",
        });
        builder.AddCommerceDatabase();
        builder.AddReservations();
        builder.Services.AddSingleton(TimeProvider.System);
        // The host is never started: no sweeper runs, only the ledger is measured.
        using var host = builder.Build();
        try
        {
            var slotId = await PrepareAsync(host.Services, scenario.Capacity);
            return await RunAsync(host.Services, strategy, scenario, slotId);
        }
        finally
        {
            await DropAsync(server, database);
        }
    }

    private static async Task<Guid> PrepareAsync(IServiceProvider services, int capacity)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        await db.Database.MigrateAsync();
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);
        var slot = new Slot { Name = "Benchmark", StartsAt = startsAt, EndsAt = startsAt.AddHours(1), Capacity = capacity };
        db.Slots.Add(slot);
        await db.SaveChangesAsync();
        return slot.Id;
    }

    private static async Task<RunResult> RunAsync(IServiceProvider services, ReservationStrategy strategy, Scenario scenario, Guid slotId)
    {
        long lostRaces = 0, lockWaits = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ReservationMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "reservations.lock.waits" ? ref lockWaits : ref lostRaces, value));
        listener.Start();

        var latencies = new ConcurrentBag<double>();
        int held = 0, full = 0, busy = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, scenario.Attempts), new ParallelOptions { MaxDegreeOfParallelism = scenario.Concurrency }, async (i, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            var ledger = scope.ServiceProvider.GetRequiredService<ISlotLedger>();
            var started = Stopwatch.GetTimestamp();
            try
            {
                await ledger.HoldAsync(slotId, $"customer-{i % 100}", places: 1, cancellationToken);
                Interlocked.Increment(ref held);
            }
            catch (ConflictException conflict)
            {
                Interlocked.Increment(ref conflict.Message.Contains("full", StringComparison.Ordinal) ? ref full : ref busy);
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        clock.Stop();

        await using var check = services.CreateAsyncScope();
        var taken = await check.ServiceProvider.GetRequiredService<CommerceDbContext>().Slots.Where(s => s.Id == slotId).Select(s => s.Taken).SingleAsync();
        var sorted = latencies.Order().ToArray();
        return new RunResult(scenario, strategy, held, full, busy, taken, clock.Elapsed,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), Interlocked.Read(ref lostRaces), Interlocked.Read(ref lockWaits));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task DropAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
