using System.ComponentModel.DataAnnotations;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>The category tree: anyone with <c>products:read</c> reads it, <c>products:write</c> grows it.</summary>
public static class CategoriesApi
{
    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        var categories = app.MapGroup("/api/categories").WithTags("Categories");
        categories.MapGet("/", ListAsync).RequireAuthorization(Scopes.ProductsRead);
        categories.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.ProductsRead).WithName("GetCategory");
        categories.MapPost("/", CreateAsync).RequireAuthorization(Scopes.ProductsWrite);
        return app;
    }

    private static async Task<Ok<CategoryResponse[]>> ListAsync(CommerceDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.ParentId)).ToArrayAsync(cancellationToken));

    private static async Task<Results<Ok<CategoryResponse>, NotFound>> GetAsync(Guid id, CommerceDbContext db, CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.ParentId)).FirstOrDefaultAsync(cancellationToken) is { } category
            ? TypedResults.Ok(category)
            : TypedResults.NotFound();

    private static async Task<CreatedAtRoute<CategoryResponse>> CreateAsync(
        CreateCategoryRequest request, CommerceDbContext db, CancellationToken cancellationToken)
    {
        if (request.ParentId is { } parentId && !await db.Categories.AnyAsync(c => c.Id == parentId, cancellationToken))
        {
            throw new BusinessRuleException($"Parent category {parentId} does not exist.");
        }

        var category = new Category { Name = request.Name, ParentId = request.ParentId };
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(new CategoryResponse(category.Id, category.Name, category.ParentId), "GetCategory", new { id = category.Id });
    }

    /// <summary>Every category below <paramref name="root"/>, the root included (for "products in this category").</summary>
    public static async Task<HashSet<Guid>> WithDescendantsAsync(this IQueryable<Category> categories, Guid root, CancellationToken cancellationToken)
    {
        // The tree is small and read whole; a recursive CTE would tie the query to one provider.
        var parents = await categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(cancellationToken);
        var result = new HashSet<Guid> { root };
        for (var added = true; added;)
        {
            added = false;
            foreach (var category in parents.Where(c => c.ParentId is { } parent && result.Contains(parent) && !result.Contains(c.Id)))
            {
                added |= result.Add(category.Id);
            }
        }

        return result;
    }
}

public sealed record CategoryResponse(Guid Id, string Name, Guid? ParentId);

public sealed record CreateCategoryRequest([property: Required, StringLength(200, MinimumLength = 1)] string Name, Guid? ParentId);
