using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// What every strategy shares. Only taking places can overbook, so only that differs between
/// strategies; confirming never changes the count and releasing only lowers it, and both are a
/// compare-and-set on the reservation's status, so each happens once however many callers race.
/// </summary>
internal abstract class SlotLedger(CommerceDbContext db, TimeProvider clock, IOptions<ReservationOptions> options) : ISlotLedger
{
    private const int SweepBatch = 200;

    /// <summary>SQLITE_CONSTRAINT_CHECK, the extended result code of a failed CHECK.</summary>
    private const int SqliteCheckConstraint = 275;

    protected CommerceDbContext Db => db;

    protected ReservationOptions Options => options.Value;

    public async Task<Reservation> HoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        var hold = await TryHoldAndMapCheckViolationAsync(slotId, customerId, places, cancellationToken);
        // A slot full only of lapsed holds frees them before it refuses anyone.
        if (hold is null && await ReleaseLapsedHoldsAsync(slotId, cancellationToken) > 0)
        {
            hold = await TryHoldAndMapCheckViolationAsync(slotId, customerId, places, cancellationToken);
        }

        return hold ?? throw new ConflictException($"The slot is full: there is no room for {places} more place(s).");
    }

    /// <summary>Takes the places and records the hold in one transaction; null when they do not fit.</summary>
    protected abstract Task<Reservation?> TryHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken);

    public async Task<bool> ConfirmAsync(Guid reservationId, string customerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Reservations
            .Where(r => r.Id == reservationId && r.CustomerId == customerId && r.Status == ReservationStatus.Held && r.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ReservationStatus.Confirmed)
                .SetProperty(r => r.ConfirmedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken) == 1;
    }

    public async Task<bool> ReleaseAsync(Guid reservationId, ReservationStatus outcome, CancellationToken cancellationToken)
    {
        if (outcome is not (ReservationStatus.Cancelled or ReservationStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A reservation is released by cancelling or expiring it.");
        }

        var now = clock.GetUtcNow();
        var reservation = await db.Reservations.AsNoTracking().Where(r => r.Id == reservationId)
            .Select(r => new { r.SlotId, r.Places }).FirstOrDefaultAsync(cancellationToken);
        if (reservation is null)
        {
            return false;
        }

        var releasable = outcome == ReservationStatus.Expired
            ? db.Reservations.Where(r => r.Id == reservationId && r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
            : db.Reservations.Where(r => r.Id == reservationId
                && (r.Status == ReservationStatus.Confirmed || (r.Status == ReservationStatus.Held && r.ExpiresAt > now)));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await releasable.ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Status, outcome)
            .SetProperty(r => r.CancelledAt, outcome == ReservationStatus.Cancelled ? now : null)
            .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        if (ended == 0)
        {
            return false;
        }

        try
        {
            await db.Slots.Where(s => s.Id == reservation.SlotId).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.Taken, s => s.Taken - reservation.Places)
                .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        }
        catch (Exception exception) when (IsCheckViolation(exception))
        {
            // Only a count already wrong gets here; the rollback leaves the reservation as it was.
            throw new ConflictException("Releasing these places would leave the slot's count below zero; nothing was changed.");
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> ReleaseLapsedHoldsAsync(Guid? slotId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lapsed = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now && (slotId == null || r.SlotId == slotId))
            .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(SweepBatch).ToListAsync(cancellationToken);
        var released = 0;
        foreach (var id in lapsed)
        {
            // Another instance may have expired it first; the compare-and-set makes that a no-op here.
            released += await ReleaseAsync(id, ReservationStatus.Expired, cancellationToken) ? 1 : 0;
        }

        return released;
    }

    /// <summary>The slot as it is now, checked for existence and start; null when the places do not fit.</summary>
    protected async Task<SlotState?> ReadFittingSlotAsync(Guid slotId, int places, CancellationToken cancellationToken)
    {
        var slot = await db.Slots.AsNoTracking().Where(s => s.Id == slotId)
            .Select(s => new SlotState(s.Capacity, s.Taken, s.Version, s.StartsAt)).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Slot {slotId} does not exist.");
        if (slot.StartsAt <= clock.GetUtcNow())
        {
            throw new BusinessRuleException("The slot has already started; it can no longer be reserved.");
        }

        return slot.Taken + places <= slot.Capacity ? slot : null;
    }

    /// <summary>
    /// Inside the caller's transaction: takes the places only if they still fit (the database re-checks the
    /// capacity in the same statement) and records the hold; null when they no longer fit.
    /// </summary>
    protected async Task<Reservation?> TakePlacesAndRecordHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        var taken = await db.Slots.Where(s => s.Id == slotId && s.Taken + places <= s.Capacity).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Taken, s => s.Taken + places)
            .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        return taken == 0 ? null : await RecordHoldAsync(slotId, customerId, places, cancellationToken);
    }

    private async Task<Reservation> RecordHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hold = new Reservation { SlotId = slotId, CustomerId = customerId, Places = places, CreatedAt = now, ExpiresAt = now + Options.HoldDuration };
        db.Reservations.Add(hold);
        await db.SaveChangesAsync(cancellationToken);
        return hold;
    }

    private async Task<Reservation?> TryHoldAndMapCheckViolationAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        try
        {
            return await TryHoldAsync(slotId, customerId, places, cancellationToken);
        }
        catch (Exception exception) when (IsCheckViolation(exception))
        {
            // The last line of defence held: the database refused to overbook. That is a full slot, not a fault.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    private static bool IsCheckViolation(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.CheckViolation } => true,
        SqliteException { SqliteExtendedErrorCode: SqliteCheckConstraint } => true,
        { InnerException: { } inner } => IsCheckViolation(inner),
        _ => false,
    };

    protected sealed record SlotState(int Capacity, int Taken, long Version, DateTimeOffset StartsAt);
}
