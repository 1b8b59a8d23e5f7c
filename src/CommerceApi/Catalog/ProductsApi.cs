using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>Products: browsed with <c>products:read</c>, created and changed (with If-Match) with <c>products:write</c>.</summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products");
        products.MapGet("/", ListAsync).RequireAuthorization(Scopes.ProductsRead);
        products.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.ProductsRead).WithName("GetProduct");
        products.MapPost("/", CreateAsync).RequireAuthorization(Scopes.ProductsWrite);
        products.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Scopes.ProductsWrite);
        return app;
    }

    private static async Task<Results<Ok<ProductPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        int? page, int? pageSize, Guid? categoryId, [FromQuery(Name = "attribute")] string[]? attribute, string? status, string? q,
        HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var filter = ProductFilter.Parse(page, pageSize, attribute, status, q, out var errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = Caller.From(http);
        if (filter.Status is not null and not ProductStatus.Active && !caller.SeesEveryStatus())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only partners and admins list products that are not Active.");
        }

        // Everyone browses what is on sale; partners and admins may ask for drafts or discontinued products.
        var wanted = filter.Status ?? ProductStatus.Active;
        var query = db.Products.AsNoTracking().Where(p => p.Status == wanted);
        if (categoryId is { } root)
        {
            var categories = await db.Categories.WithDescendantsAsync(root, cancellationToken);
            query = query.Where(p => p.CategoryId != null && categories.Contains(p.CategoryId.Value));
        }

        foreach (var (name, value) in filter.Attributes)
        {
            query = query.Where(p => p.Attributes.Any(a => a.Name == name && a.Value == value));
        }

        if (filter.Text is { } text)
        {
#pragma warning disable CA1862 // Runs in SQL as lower(Name) containing the lower-cased text; the StringComparison overload cannot be translated.
            query = query.Where(p => p.Name.ToLower().Contains(text));
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Include(p => p.Attributes).ToListAsync(cancellationToken);
        var prices = await db.CurrentPricesAsync([.. items.Select(p => p.Id)], clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new ProductPage([.. items.Select(p => ToResponse(p, prices))], total, filter.Page, filter.PageSize));
    }

    /// <summary>The product with its ETag; <c>If-None-Match</c> with the current ETag gets 304.</summary>
    private static async Task<Results<Ok<ProductResponse>, StatusCodeHttpResult>> GetAsync(
        Guid id, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var product = await db.Products.Include(p => p.Attributes).FindVisibleAsync(id, Caller.From(http), cancellationToken);
        var etag = ProductETag.For(product.Version);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(value => value?.Split(',', StringSplitOptions.TrimEntries).Contains(etag) == true))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var prices = await db.CurrentPricesAsync([id], clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(ToResponse(product, prices));
    }

    private static async Task<Results<CreatedAtRoute<ProductResponse>, ValidationProblem>> CreateAsync(
        CreateProductRequest request, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = CatalogRules.CheckProduct(request.Price, request.Attributes);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await EnsureCategoryExistsAsync(db, request.CategoryId, cancellationToken);
        var now = clock.GetUtcNow();
        var product = new Product
        {
            Name = request.Name,
            Description = request.Description ?? string.Empty,
            Currency = request.Currency,
            CurrentPrice = request.Price,
            CategoryId = request.CategoryId,
            Status = request.Status ?? ProductStatus.Draft,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        ProductAttributes.Replace(product, request.Attributes);
        db.Products.Add(product);
        await db.ScheduleAsync(product, request.Price, now, now, cancellationToken);
        await db.SaveCatalogChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ProductETag.For(product.Version);
        return TypedResults.CreatedAtRoute(ToResponse(product, new() { [product.Id] = product.CurrentPrice }), "GetProduct", new { id = product.Id });
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem>> UpdateAsync(
        Guid id, UpdateProductRequest request, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = CatalogRules.CheckProduct(request.Price, request.Attributes);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var product = await db.Products.Include(p => p.Attributes).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Product {id} does not exist.");
        ProductETag.EnsureIfMatch(http.Request, product.Version, required: true);
        await EnsureCategoryExistsAsync(db, request.CategoryId, cancellationToken);

        var now = clock.GetUtcNow();
        var currentPrice = (await db.CurrentPricesAsync([id], now, cancellationToken)).GetValueOrDefault(id, product.CurrentPrice);
        if (request.Price != currentPrice)
        {
            // Closes the period in force now and opens the new price, saved in the same transaction as the product.
            await db.ScheduleAsync(product, request.Price, now, now, cancellationToken);
        }

        product.Name = request.Name;
        product.Description = request.Description ?? string.Empty;
        product.CategoryId = request.CategoryId;
        product.Status = request.Status!.Value;
        ProductAttributes.Replace(product, request.Attributes);
        product.UpdatedAt = now;
        product.Version++;
        await db.SaveIfMatchedChangesAsync(cancellationToken);
        http.Response.Headers.ETag = ProductETag.For(product.Version);
        return TypedResults.Ok(ToResponse(product, new() { [product.Id] = product.CurrentPrice }));
    }

    private static async Task EnsureCategoryExistsAsync(CommerceDbContext db, Guid? categoryId, CancellationToken cancellationToken)
    {
        if (categoryId is { } id && !await db.Categories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            throw new BusinessRuleException($"Category {id} does not exist.");
        }
    }

    private static ProductResponse ToResponse(Product p, Dictionary<Guid, decimal> currentPrices) =>
        new(p.Id, p.Name, p.Description, p.Status, p.Currency, currentPrices.GetValueOrDefault(p.Id, p.CurrentPrice), p.CategoryId,
            ProductAttributes.ToDictionary(p), p.CreatedAt, p.UpdatedAt, p.Version);
}
