using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>A product's price history: the price at any instant, the whole history, and scheduled or back-dated prices.</summary>
public static class PricesApi
{
    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder app)
    {
        var prices = app.MapGroup("/api/products/{id:guid}").WithTags("Prices");
        prices.MapGet("/price", GetAtAsync).RequireAuthorization(Scopes.ProductsRead);
        prices.MapGet("/prices", ListAsync).RequireAuthorization(Scopes.ProductsRead);
        prices.MapPost("/prices", ScheduleAsync).RequireAuthorization(Scopes.ProductsWrite)
            .WithDescription("Adds a price from effectiveFrom (past or future) until the next scheduled change; the period it falls into is shortened, so periods never overlap.");
        return app;
    }

    /// <param name="at">An ISO-8601 instant such as <c>2026-11-24T15:00:00Z</c>; now when absent.</param>
    private static async Task<Results<Ok<PriceResponse>, ValidationProblem>> GetAtAsync(
        Guid id, string? at, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var instant = clock.GetUtcNow();
        if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["at"] = ["at is an ISO-8601 instant such as 2026-11-24T15:00:00Z."] });
        }

        await db.Products.FindVisibleAsync(id, Caller.From(http), cancellationToken);
        var price = await db.ProductPrices.AsNoTracking().Where(p => p.ProductId == id).EffectiveAt(instant).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Product {id} had no price at {instant:O}.");
        return TypedResults.Ok(PriceResponse.From(price));
    }

    private static async Task<Ok<PriceResponse[]>> ListAsync(Guid id, HttpContext http, CommerceDbContext db, CancellationToken cancellationToken)
    {
        await db.Products.FindVisibleAsync(id, Caller.From(http), cancellationToken);
        var prices = await db.ProductPrices.AsNoTracking().Where(p => p.ProductId == id).OrderBy(p => p.EffectiveFrom).ToListAsync(cancellationToken);
        return TypedResults.Ok(prices.Select(PriceResponse.From).ToArray());
    }

    /// <summary>Adds a price from <c>effectiveFrom</c> (past or future) until the next change; honours If-Match when sent.</summary>
    private static async Task<Results<Created<PriceResponse>, ValidationProblem>> ScheduleAsync(
        Guid id, SchedulePriceRequest request, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!CatalogRules.HasAtMostFourDecimals(request.Amount))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Amount"] = ["A price has at most four decimal places."] });
        }

        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Product {id} does not exist.");
        ProductETag.EnsureIfMatch(http.Request, product.Version, required: false);
        var now = clock.GetUtcNow();
        var price = await db.ScheduleAsync(product, request.Amount, request.EffectiveFrom!.Value, now, cancellationToken);
        // The history is part of the product, so its ETag changes and stale If-Match writers are stopped.
        product.Version++;
        product.UpdatedAt = now;
        await db.SaveIfMatchedChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ProductETag.For(product.Version);
        var at = Uri.EscapeDataString(price.EffectiveFrom.ToString("O", CultureInfo.InvariantCulture));
        return TypedResults.Created($"/api/products/{id}/price?at={at}", PriceResponse.From(price));
    }
}

public sealed record PriceResponse(Guid ProductId, decimal Amount, string Currency, DateTimeOffset EffectiveFrom, DateTimeOffset? EffectiveTo)
{
    public static PriceResponse From(ProductPrice p) => new(p.ProductId, p.Amount, p.Currency, p.EffectiveFrom, p.EffectiveTo);
}

/// <summary>A price in the product's currency, effective from an instant in the past or the future.</summary>
public sealed record SchedulePriceRequest(
    [property: Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true)] decimal Amount,
    [property: Required] DateTimeOffset? EffectiveFrom);
