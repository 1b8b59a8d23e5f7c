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

/// <summary>Quotes active products at their current price, in one currency per quote.</summary>
internal sealed class PriceQuoter(CommerceDbContext db) : IPriceQuoter
{
    public async Task<PriceQuote> QuoteAsync(Caller caller, IReadOnlyList<QuoteLine> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var quoted = new List<QuotedLine>();
        foreach (var line in lines)
        {
            if (!products.TryGetValue(line.ProductId, out var product) || product.Status != Catalog.ProductStatus.Active)
            {
                throw new BusinessRuleException($"Product {line.ProductId} is not for sale.");
            }

            quoted.Add(new QuotedLine(product.Id, product.Name, line.Quantity, product.CurrentPrice, 0m, []));
        }

        var currencies = products.Values.Select(p => p.Currency).Distinct().ToList();
        if (currencies.Count != 1)
        {
            throw new BusinessRuleException("All products of one order must be priced in the same currency.");
        }

        var subtotal = quoted.Sum(l => l.UnitPrice * l.Quantity);
        var discount = quoted.Sum(l => l.Discount);
        return new PriceQuote(currencies[0], quoted, subtotal, discount, subtotal - discount);
    }
}
