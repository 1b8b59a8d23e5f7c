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
        var taken = await Db.Slots.Where(s => s.Id == slotId && s.Taken + places <= s.Capacity).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Taken, s => s.Taken + places)
            .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
        if (taken == 0)
        {
            return null;
        }

        var hold = await RecordHoldAsync(slotId, customerId, places, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return hold;
    }
}
