using System.ComponentModel.DataAnnotations;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>Customer reviews: read by anyone with <c>products:read</c>, written once per product by a user (never a partner system).</summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/products/{id:guid}/reviews").WithTags("Reviews");
        reviews.MapGet("/", ListAsync).RequireAuthorization(Scopes.ProductsRead);
        reviews.MapPost("/", CreateAsync).RequireAuthorization(Scopes.ProductsRead);
        return app;
    }

    /// <summary>Newest first, with the average rating over all of the product's reviews.</summary>
    private static async Task<Results<Ok<ReviewPage>, ValidationProblem>> ListAsync(
        Guid id, int? page, int? pageSize, HttpContext http, CommerceDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > ProductFilter.MaxPage)
        {
            errors["page"] = [$"page is between 1 and {ProductFilter.MaxPage}."];
        }

        if (pageSize is < 1 or > ProductFilter.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize is between 1 and {ProductFilter.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await db.Products.FindVisibleAsync(id, Caller.From(http), cancellationToken);
        var (number, size) = (page ?? 1, pageSize ?? ProductFilter.DefaultPageSize);
        var reviews = db.Reviews.AsNoTracking().Where(r => r.ProductId == id);
        var total = await reviews.CountAsync(cancellationToken);
        var average = await reviews.AverageAsync(r => (double?)r.Rating, cancellationToken);
        var items = await reviews.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((number - 1) * size).Take(size)
            .Select(r => new ReviewResponse(r.Id, r.AuthorId, r.Rating, r.Title, r.Body, r.CreatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ReviewPage(items, total, number, size, average is { } a ? Math.Round(a, 2) : null));
    }

    private static async Task<Created<ReviewResponse>> CreateAsync(
        Guid id, CreateReviewRequest request, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http);
        if (caller.IsPartner)
        {
            throw new ForbiddenCallerException("Reviews are written by customers; a partner system cannot write one.");
        }

        await db.Products.FindVisibleAsync(id, caller, cancellationToken);
        if (await db.Reviews.AnyAsync(r => r.ProductId == id && r.AuthorId == caller.Subject, cancellationToken))
        {
            throw new ConflictException("You have already reviewed this product.");
        }

        var review = new Review
        {
            ProductId = id,
            AuthorId = caller.Subject,
            Rating = request.Rating,
            Title = request.Title,
            Body = request.Body ?? string.Empty,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Reviews.Add(review);
        await db.SaveCatalogChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/products/{id}/reviews", new ReviewResponse(review.Id, review.AuthorId, review.Rating, review.Title, review.Body, review.CreatedAt));
    }
}

public sealed record ReviewResponse(Guid Id, string AuthorId, int Rating, string? Title, string Body, DateTimeOffset CreatedAt);

public sealed record ReviewPage(IReadOnlyList<ReviewResponse> Items, int TotalCount, int Page, int PageSize, double? AverageRating);

public sealed record CreateReviewRequest(
    [property: Range(1, 5)] int Rating,
    [property: StringLength(200)] string? Title,
    [property: StringLength(4000)] string? Body);
