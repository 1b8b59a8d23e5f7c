using Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// Holds on one slot run one at a time across all API instances, under the slot's Redis lock; the
/// database work inside is a plain read and write.
/// </summary>
internal sealed class RedisLockSlotLedger(CommerceDbContext db, TimeProvider clock, IOptions<ReservationOptions> options, RedisSlotLock slotLock)
    : SlotLedger(db, clock, options)
{
    protected override async Task<Reservation?> TryHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        await using var lease = await slotLock.AcquireAsync(slotId, cancellationToken);
        if (await ReadFittingSlotAsync(slotId, places, cancellationToken) is null)
        {
            return null;
        }

        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        // The capacity is checked again in the update: should the lease lapse mid-way (a long pause),
        // a second holder still cannot push the slot past its capacity.
        var hold = await TakePlacesAndRecordHoldAsync(slotId, customerId, places, cancellationToken);
        if (hold is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return hold;
    }
}
