using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Reservations;

/// <summary>A slot as callers see it; <c>Available</c> counts lapsed holds as free.</summary>
public sealed record SlotResponse(Guid Id, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int Available);

public sealed record CreateSlotRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt,
    [property: Required, Range(1, 100_000)] int? Capacity);

public sealed record HoldRequest([property: Range(1, 100)] int Places = 1);

/// <summary>A reservation; <c>Status</c> is Held, Confirmed, Cancelled or Expired (a lapsed hold reads Expired at once).</summary>
public sealed record ReservationResponse(
    Guid Id,
    Guid SlotId,
    string CustomerId,
    int Places,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? CancelledAt)
{
    public static ReservationResponse From(Reservation r, DateTimeOffset now) => new(
        r.Id, r.SlotId, r.CustomerId, r.Places, EffectiveStatus(r, now).ToString(), r.CreatedAt, r.ExpiresAt, r.ConfirmedAt, r.CancelledAt);

    /// <summary>A hold past its expiry is expired, whether or not the sweeper has been by.</summary>
    public static ReservationStatus EffectiveStatus(Reservation r, DateTimeOffset now) =>
        r.Status == ReservationStatus.Held && r.ExpiresAt <= now ? ReservationStatus.Expired : r.Status;
}
