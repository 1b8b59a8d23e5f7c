using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Reservations;

/// <summary>How a slot's places are guarded against concurrent holds (<c>Reservations:Strategy</c>).</summary>
public enum ReservationStrategy
{
    /// <summary>No lock: a conditional update takes the places only if they still fit.</summary>
    Optimistic,

    /// <summary>The slot's row is locked for the transaction (<c>FOR UPDATE</c>; on SQLite the write lock up front).</summary>
    Pessimistic,

    /// <summary>A per-slot Redis lock serialises holds across API instances.</summary>
    RedisLock,
}

/// <summary>The <c>Reservations</c> section.</summary>
public sealed class ReservationOptions
{
    public const string Section = "Reservations";

    public ReservationStrategy Strategy { get; set; } = ReservationStrategy.Optimistic;

    /// <summary>How long a hold keeps its places before it lapses unless confirmed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reservations:HoldDuration must be between 1 second and 1 day.")]
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the sweeper gives the places of lapsed holds back.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Reservations:SweepInterval must be between 1 second and 1 hour.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>RedisLock: how long a hold waits for the slot's lock before giving up with 409.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Reservations:LockWait must be between 10 ms and 1 minute.")]
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>RedisLock: the lock's lease; a crashed holder's lock frees itself after it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Reservations:LockLease must be between 100 ms and 1 minute.")]
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(5);
}
