using System.Diagnostics.Metrics;

namespace Aict.CommerceApi.Reservations;

/// <summary>Contention counters, so the strategies can be compared under load (see benchmarks/).</summary>
internal static class ReservationMetrics
{
    public const string MeterName = "Aict.CommerceApi.Reservations";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Optimistic holds that read room on the slot but found none left when they wrote.</summary>
    public static readonly Counter<long> LostRaces = Meter.CreateCounter<long>("reservations.optimistic.lost_races");

    /// <summary>RedisLock holds that found the slot's lock taken and waited.</summary>
    public static readonly Counter<long> LockWaits = Meter.CreateCounter<long>("reservations.lock.waits");
}
