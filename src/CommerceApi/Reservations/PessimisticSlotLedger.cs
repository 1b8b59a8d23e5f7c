using Aict.CommerceApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// Lock first, then read and write: PostgreSQL locks the slot's row (<c>SELECT ... FOR UPDATE</c>)
/// until commit; SQLite has no row locks, so the transaction takes the database's write lock up front
/// (<c>BEGIN IMMEDIATE</c>) and nobody can change the slot between the read and the write.
/// </summary>
internal sealed class PessimisticSlotLedger(CommerceDbContext db, TimeProvider clock, IOptions<ReservationOptions> options)
    : SlotLedger(db, clock, options)
{
    protected override async Task<Reservation?> TryHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        if (!Db.Database.IsSqlite())
        {
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            // Waits for whoever holds the row; the read that follows then sees their committed change.
            await Db.Slots.FromSql($"SELECT * FROM \"Slots\" WHERE \"Id\" = {slotId} FOR UPDATE").AsNoTracking().ToListAsync(cancellationToken);
            return await HoldLockedSlotAsync(transaction, slotId, customerId, places, cancellationToken);
        }

        await Db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the write lock is taken (or waited for) before the read.
            using var writeLock = ((SqliteConnection)Db.Database.GetDbConnection()).BeginTransaction(deferred: false);
            await using var transaction = await Db.Database.UseTransactionAsync(writeLock, cancellationToken)
                ?? throw new InvalidOperationException("EF Core did not take over the SQLite transaction.");
            return await HoldLockedSlotAsync(transaction, slotId, customerId, places, cancellationToken);
        }
        finally
        {
            await Db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Reservation?> HoldLockedSlotAsync(
        IDbContextTransaction transaction, Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        if (await ReadFittingSlotAsync(slotId, places, cancellationToken) is null)
        {
            return null;
        }

        var hold = await TakePlacesAndRecordHoldAsync(slotId, customerId, places, cancellationToken);
        if (hold is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return hold;
    }
}
