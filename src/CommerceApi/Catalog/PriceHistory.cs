using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>
/// A product's prices as contiguous periods: each ends where the next begins, the last is open.
/// A new price splits the period it falls into, so no two periods ever overlap.
/// </summary>
internal static class PriceHistory
{
    public static IQueryable<ProductPrice> EffectiveAt(this IQueryable<ProductPrice> prices, DateTimeOffset at) =>
        prices.Where(p => p.EffectiveFrom <= at && (p.EffectiveTo == null || p.EffectiveTo > at));

    /// <summary>The price effective now for each product (products without history are left out).</summary>
    public static async Task<Dictionary<Guid, decimal>> CurrentPricesAsync(this CommerceDbContext db, IReadOnlyCollection<Guid> productIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.ProductPrices.AsNoTracking().Where(p => productIds.Contains(p.ProductId)).EffectiveAt(now)
            .ToDictionaryAsync(p => p.ProductId, p => p.Amount, cancellationToken);

    /// <summary>
    /// Adds <paramref name="amount"/> from <paramref name="from"/> until the next scheduled change (open if none),
    /// shortens the period it falls into, and refreshes the product's current price; the caller saves.
    /// </summary>
    public static async Task<ProductPrice> ScheduleAsync(
        this CommerceDbContext db, Product product, decimal amount, DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var periods = await db.ProductPrices.Where(p => p.ProductId == product.Id).OrderBy(p => p.EffectiveFrom).ToListAsync(cancellationToken);
        if (periods.Any(p => p.EffectiveFrom == from))
        {
            throw new ConflictException($"A price of this product already starts at {from:O}.");
        }

        var containing = periods.LastOrDefault(p => p.EffectiveFrom < from);
        var next = periods.FirstOrDefault(p => p.EffectiveFrom > from);
        if (containing is not null)
        {
            containing.EffectiveTo = from;
        }

        var price = new ProductPrice
        {
            ProductId = product.Id,
            Amount = amount,
            Currency = product.Currency,
            EffectiveFrom = from,
            EffectiveTo = next?.EffectiveFrom,
        };
        db.ProductPrices.Add(price);
        periods.Add(price);
        product.CurrentPrice = periods.SingleOrDefault(p => p.EffectiveFrom <= now && (p.EffectiveTo is null || p.EffectiveTo > now))?.Amount ?? product.CurrentPrice;
        return price;
    }
}
