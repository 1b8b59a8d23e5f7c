using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Promotions;

/// <summary>What a customer pays for some products right now, promotions applied.</summary>
public interface IPriceQuoter
{
    Task<PriceQuote> QuoteAsync(Caller caller, IReadOnlyList<QuoteLine> lines, CancellationToken cancellationToken);
}

public sealed record QuoteLine(Guid ProductId, int Quantity);

/// <param name="Discount">The discount on the whole line (all units).</param>
public sealed record QuotedLine(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal Discount, IReadOnlyList<Guid> AppliedPromotions);

public sealed record PriceQuote(string Currency, IReadOnlyList<QuotedLine> Lines, decimal Subtotal, decimal Discount, decimal Total);

/// <summary>
/// Quotes active products at the price effective now, in one currency per quote. Each line gets the single
/// best discount among the running promotions the caller is eligible for (no stacking); see <see cref="LineDiscount"/>.
/// </summary>
internal sealed class PriceQuoter(CommerceDbContext db, TimeProvider clock) : IPriceQuoter
{
    public async Task<PriceQuote> QuoteAsync(Caller caller, IReadOnlyList<QuoteLine> lines, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var prices = await db.CurrentPricesAsync(ids, now, cancellationToken);
        foreach (var line in lines)
        {
            if (!products.TryGetValue(line.ProductId, out var product) || product.Status != ProductStatus.Active)
            {
                throw new BusinessRuleException($"Product {line.ProductId} is not for sale.");
            }
        }

        var currencies = products.Values.Select(p => p.Currency).Distinct().ToList();
        if (currencies.Count != 1)
        {
            throw new BusinessRuleException("All products of one order must be priced in the same currency.");
        }

        var unitPrices = ids.ToDictionary(id => id, id => prices.GetValueOrDefault(id, products[id].CurrentPrice));
        var subtotal = lines.Sum(l => unitPrices[l.ProductId] * l.Quantity);
        var promotions = await EligiblePromotionsAsync(caller, ids, subtotal, now, cancellationToken);

        var quoted = lines.Select(line =>
        {
            var unitPrice = unitPrices[line.ProductId];
            var best = LineDiscount.Best(promotions.Where(p => p.Products.Any(x => x.ProductId == line.ProductId)), unitPrice, line.Quantity);
            return new QuotedLine(line.ProductId, products[line.ProductId].Name, line.Quantity, unitPrice, best.Amount,
                best.PromotionId is { } id ? [id] : []);
        }).ToList();

        var discount = quoted.Sum(l => l.Discount);
        return new PriceQuote(currencies[0], quoted, subtotal, discount, subtotal - discount);
    }

    private async Task<List<Promotion>> EligiblePromotionsAsync(Caller caller, List<Guid> productIds, decimal subtotal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var running = await db.Promotions.AsNoTracking().AsSplitQuery().RunningAt(now)
            .Where(p => p.Products.Any(x => productIds.Contains(x.ProductId)))
            .Include(p => p.Products).Include(p => p.Rules).Include(p => p.Conditions)
            .ToListAsync(cancellationToken);
        var eligibility = new PromotionEligibility(db, caller, subtotal);
        var eligible = new List<Promotion>();
        foreach (var promotion in running)
        {
            if (await eligibility.AllowsAsync(promotion, cancellationToken))
            {
                eligible.Add(promotion);
            }
        }

        return eligible;
    }
}
