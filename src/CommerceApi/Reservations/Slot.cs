namespace Aict.CommerceApi.Reservations;

/// <summary>A capacity-limited slot (an installation appointment, a limited pre-order).</summary>
public sealed class Slot
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public int Capacity { get; set; }

    /// <summary>Places taken by live holds and confirmed reservations; never above <see cref="Capacity"/>.</summary>
    public int Taken { get; set; }

    public long Version { get; set; }
}

public enum ReservationStatus
{
    Held,
    Confirmed,
    Cancelled,
    Expired,
}

public sealed class Reservation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid SlotId { get; init; }

    public required string CustomerId { get; init; }

    public int Places { get; init; } = 1;

    public ReservationStatus Status { get; set; } = ReservationStatus.Held;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public long Version { get; set; }
}
