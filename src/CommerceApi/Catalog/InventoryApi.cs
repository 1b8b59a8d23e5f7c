using System.ComponentModel.DataAnnotations;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Catalog;

/// <summary>
/// Stock per warehouse. Partners set on-hand counts with <c>inventory:write</c>; the order saga moves
/// <see cref="InventoryItem.Reserved"/>, and both guard each row with its <see cref="InventoryItem.Version"/>.
/// </summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var inventory = app.MapGroup("/api/products/{id:guid}/inventory").WithTags("Inventory");
        inventory.MapGet("/", GetAsync).RequireAuthorization(Scopes.ProductsRead);
        inventory.MapPut("/", SetAsync).RequireAuthorization(Scopes.InventoryWrite);
        return app;
    }

    private static async Task<Ok<InventoryResponse>> GetAsync(Guid id, HttpContext http, CommerceDbContext db, CancellationToken cancellationToken)
    {
        await db.Products.FindVisibleAsync(id, Caller.From(http), cancellationToken);
        return TypedResults.Ok(await ReadAsync(db, id, cancellationToken));
    }

    /// <summary>Sets on-hand counts of the listed warehouses (created by code when new); other warehouses keep theirs.</summary>
    private static async Task<Results<Ok<InventoryResponse>, ValidationProblem>> SetAsync(
        Guid id, SetInventoryRequest request, CommerceDbContext db, CancellationToken cancellationToken)
    {
        var duplicate = request.Warehouses.GroupBy(w => w.Code, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Warehouses"] = [$"Warehouse {duplicate.Key} is listed twice."] });
        }

        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            throw new NotFoundException($"Product {id} does not exist.");
        }

        var codes = request.Warehouses.Select(w => w.Code.ToUpperInvariant()).ToList();
        var warehouses = await db.Warehouses.Where(w => codes.Contains(w.Code)).ToDictionaryAsync(w => w.Code, cancellationToken);
        var items = await db.Inventory.Where(i => i.ProductId == id).ToDictionaryAsync(i => i.WarehouseId, cancellationToken);
        foreach (var line in request.Warehouses)
        {
            var code = line.Code.ToUpperInvariant();
            if (!warehouses.TryGetValue(code, out var warehouse))
            {
                warehouse = new Warehouse { Code = code, Name = line.Name ?? code };
                db.Warehouses.Add(warehouse);
            }
            else if (line.Name is { } name)
            {
                warehouse.Name = name;
            }

            if (!items.TryGetValue(warehouse.Id, out var item))
            {
                db.Inventory.Add(new InventoryItem { ProductId = id, WarehouseId = warehouse.Id, OnHand = line.OnHand, Version = 1 });
                continue;
            }

            if (line.OnHand < item.Reserved)
            {
                throw new BusinessRuleException($"Warehouse {code} has {item.Reserved} units reserved by orders; on-hand cannot go below that.");
            }

            item.OnHand = line.OnHand;
            item.Version++;
        }

        await db.SaveCatalogChangesAsync(cancellationToken);
        return TypedResults.Ok(await ReadAsync(db, id, cancellationToken));
    }

    private static async Task<InventoryResponse> ReadAsync(CommerceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var rows = await db.Inventory.AsNoTracking().Where(i => i.ProductId == id).OrderBy(i => i.Warehouse!.Code)
            .Select(i => new WarehouseStock(i.Warehouse!.Code, i.Warehouse.Name, i.OnHand, i.Reserved, i.OnHand - i.Reserved))
            .ToListAsync(cancellationToken);
        return new InventoryResponse(id, rows, rows.Sum(r => (long)r.OnHand), rows.Sum(r => (long)r.Reserved), rows.Sum(r => (long)r.Available));
    }
}

public sealed record WarehouseStock(string WarehouseCode, string WarehouseName, int OnHand, int Reserved, int Available);

/// <summary>Per-warehouse stock and the totals (long: many warehouses may together exceed an int).</summary>
public sealed record InventoryResponse(Guid ProductId, IReadOnlyList<WarehouseStock> Warehouses, long OnHand, long Reserved, long Available);

public sealed record SetInventoryRequest([property: Required, MinLength(1), MaxLength(100)] IReadOnlyList<WarehouseCount> Warehouses);

/// <summary>The on-hand count of one warehouse, named by its code (case-insensitive, stored upper-case).</summary>
public sealed record WarehouseCount(
    [property: Required, RegularExpression("^[A-Za-z0-9_-]{1,32}$", ErrorMessage = "A warehouse code has 1 to 32 letters, digits, '-' or '_'.")] string Code,
    [property: StringLength(200, MinimumLength = 1)] string? Name,
    [property: Range(0, 1_000_000_000)] int OnHand);
