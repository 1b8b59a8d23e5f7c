using Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// No lock is asked for: one conditional update takes the places only if they still fit
/// (<c>... SET Taken = Taken + n WHERE Taken + n &lt;= Capacity</c>), a compare-and-set on the
/// invariant itself. A version compare-and-set would make every concurrent hold but one fail and
/// retry, even while places are left; this one fails only when the slot is really full.
/// </summary>
internal sealed class OptimisticSlotLedger(CommerceDbContext db, TimeProvider clock, IOptions<ReservationOptions> options)
    : SlotLedger(db, clock, options)
{
    protected override async Task<Reservation?> TryHoldAsync(Guid slotId, string customerId, int places, CancellationToken cancellationToken)
    {
        // The read answers 404 and 422 and lets a visibly full slot refuse without writing.
        if (await ReadFittingSlotAsync(slotId, places, cancellationToken) is null)
        {
            return null;
        }

        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var hold = await TakePlacesAndRecordHoldAsync(slotId, customerId, places, cancellationToken);
        if (hold is null)
        {
            ReservationMetrics.LostRaces.Add(1);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return hold;
    }
}
