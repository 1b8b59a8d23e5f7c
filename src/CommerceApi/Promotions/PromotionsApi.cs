using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Promotions;

/// <summary>Promotions, and the quote that shows a customer what they would pay with them applied.</summary>
public static class PromotionsApi
{
    public static IEndpointRouteBuilder MapPromotionsApi(this IEndpointRouteBuilder app)
    {
        var promotions = app.MapGroup("/api/promotions").WithTags("Promotions");
        promotions.MapGet("/", ListAsync).RequireAuthorization(Scopes.ProductsRead);
        promotions.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.ProductsRead).WithName("GetPromotion");
        promotions.MapPost("/", CreateAsync).RequireAuthorization(Scopes.ProductsWrite);
        app.MapPost("/api/products/quote", QuoteAsync).WithTags("Promotions").RequireAuthorization(Scopes.ProductsRead)
            .WithSummary("What the caller would pay now")
            .WithDescription("Each line gets the single largest discount of the running promotions the caller is eligible for (no stacking), "
                + "never more than the line costs, rounded down to two decimals; appliedPromotions names it.");
        return app;
    }

    /// <summary>Users see the promotions running now; partners and admins see all of them.</summary>
    private static async Task<Ok<PromotionResponse[]>> ListAsync(HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var promotions = await Visible(db, Caller.From(http), clock.GetUtcNow()).OrderBy(p => p.StartsAt).ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(promotions.Select(PromotionResponse.From).ToArray());
    }

    private static async Task<Ok<PromotionResponse>> GetAsync(Guid id, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(PromotionResponse.From(
            await Visible(db, Caller.From(http), clock.GetUtcNow()).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Promotion {id} does not exist.")));

    private static async Task<Results<CreatedAtRoute<PromotionResponse>, ValidationProblem>> CreateAsync(
        CreatePromotionRequest request, CommerceDbContext db, CancellationToken cancellationToken)
    {
        var errors = request.Check();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var productIds = request.ProductIds.Distinct().ToList();
        var known = await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        if (productIds.Except(known).ToList() is [var unknown, ..])
        {
            throw new BusinessRuleException($"Product {unknown} does not exist.");
        }

        var promotion = new Promotion
        {
            Name = request.Name,
            Description = request.Description ?? string.Empty,
            StartsAt = request.StartsAt!.Value,
            EndsAt = request.EndsAt!.Value,
            IsActive = request.IsActive ?? true,
        };
        promotion.Products.AddRange(productIds.Select(id => new PromotionProduct { PromotionId = promotion.Id, ProductId = id }));
        promotion.Rules.AddRange(request.Rules.Select(r => new DiscountRule { PromotionId = promotion.Id, Kind = r.Kind!.Value, Value = r.Value, MinQuantity = r.MinQuantity }));
        promotion.Conditions.AddRange((request.Conditions ?? []).Select(c => new EligibilityCondition { PromotionId = promotion.Id, Kind = c.Kind!.Value, Value = c.Value?.Trim() ?? string.Empty }));
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(PromotionResponse.From(promotion), "GetPromotion", new { id = promotion.Id });
    }

    private static async Task<Ok<PriceQuote>> QuoteAsync(QuoteRequest request, HttpContext http, IPriceQuoter quoter, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quoter.QuoteAsync(Caller.From(http), [.. request.Lines.Select(l => new QuoteLine(l.ProductId!.Value, l.Quantity))], cancellationToken));

    private static IQueryable<Promotion> Visible(CommerceDbContext db, Caller caller, DateTimeOffset now)
    {
        var promotions = db.Promotions.AsNoTracking().AsSplitQuery().Include(p => p.Products).Include(p => p.Rules).Include(p => p.Conditions);
        return caller.SeesEveryStatus() ? promotions : promotions.RunningAt(now);
    }

    /// <summary>Switched on and within its time box.</summary>
    public static IQueryable<Promotion> RunningAt(this IQueryable<Promotion> promotions, DateTimeOffset now) =>
        promotions.Where(p => p.IsActive && p.StartsAt <= now && p.EndsAt > now);
}
