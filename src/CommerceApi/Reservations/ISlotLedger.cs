namespace Aict.CommerceApi.Reservations;

/// <summary>
/// Keeps a slot's taken places and its reservations consistent: the one place that may change
/// <see cref="Slot.Taken"/>. Implementations differ in how concurrent holds are kept from overbooking.
/// </summary>
public interface ISlotLedger
{
    /// <summary>Takes <paramref name="places"/> on the slot and records a hold, or throws a 409 "slot is full".</summary>
    Task<Reservation> HoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken);

    /// <summary>Confirms the customer's hold if it is still live; false when it is not (lapsed, confirmed, cancelled).</summary>
    Task<bool> ConfirmAsync(Guid reservationId, string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a reservation and gives its places back, exactly once: <see cref="ReservationStatus.Cancelled"/>
    /// for a live hold or a confirmed reservation, <see cref="ReservationStatus.Expired"/> for a lapsed hold.
    /// </summary>
    Task<bool> ReleaseAsync(Guid reservationId, ReservationStatus outcome, CancellationToken cancellationToken);

    /// <summary>Expires lapsed holds (of one slot, or all) and gives their places back; returns how many.</summary>
    Task<int> ReleaseLapsedHoldsAsync(Guid? slotId, CancellationToken cancellationToken);
}
