using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>Rules every catalogue endpoint shares: who sees what, how saves fail, what money looks like.</summary>
internal static class CatalogRules
{
    /// <summary>Partners and admins manage the catalogue and see drafts and discontinued products; users see what is on sale.</summary>
    public static bool SeesEveryStatus(this Caller caller) => caller.IsPartner || caller.ActsAsAdmin();

    public static IQueryable<Product> VisibleTo(this IQueryable<Product> products, Caller caller) =>
        caller.SeesEveryStatus() ? products : products.Where(p => p.Status == ProductStatus.Active);

    /// <summary>The product as this caller may see it, or a 404 that does not reveal hidden products.</summary>
    public static async Task<Product> FindVisibleAsync(this IQueryable<Product> products, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await products.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Product {id} does not exist.");

    /// <summary>Saves, turning a lost race into 409; nothing is half-written.</summary>
    public static Task SaveCatalogChangesAsync(this CommerceDbContext db, CancellationToken cancellationToken) =>
        SaveAsync(db, () => new ConflictException("A concurrent request changed the same data; read it again and retry."), cancellationToken);

    /// <summary>Saves a product whose If-Match was checked: losing the race to another writer means that ETag went stale (412).</summary>
    public static Task SaveIfMatchedChangesAsync(this CommerceDbContext db, CancellationToken cancellationToken) =>
        SaveAsync(db, () => new PreconditionFailedException("The product was changed by another request; read it again and retry."), cancellationToken);

    private static async Task SaveAsync(CommerceDbContext db, Func<DomainException> staleVersion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw staleVersion();
        }
        catch (DbUpdateException)
        {
            // A unique row (a warehouse code, a review, a price start) was inserted by a concurrent request.
            throw new ConflictException("A concurrent request changed the same data; read it again and retry.");
        }
    }

    /// <summary>Money is stored with four decimal places; more would be silently rounded.</summary>
    public static bool HasAtMostFourDecimals(decimal amount) => decimal.Round(amount, 4) == amount;

    /// <summary>The checks a product's body needs beyond its DataAnnotations, keyed by field.</summary>
    public static Dictionary<string, string[]> CheckProduct(decimal price, IReadOnlyDictionary<string, string>? attributes)
    {
        var errors = ProductAttributes.Validate(attributes);
        if (!HasAtMostFourDecimals(price))
        {
            errors["Price"] = ["A price has at most four decimal places."];
        }

        return errors;
    }
}
