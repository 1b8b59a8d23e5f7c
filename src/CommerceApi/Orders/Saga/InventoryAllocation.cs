using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>
/// Reserves, releases and ships an order's stock on tracked inventory rows; the caller's
/// SaveChanges commits it, and each row's Version makes a concurrent change fail instead of overbooking.
/// </summary>
internal static class InventoryAllocation
{
    /// <summary>Reserves every line from a warehouse that has it available; returns why not, changing nothing, when one line cannot be served.</summary>
    public static async Task<string?> TryReserveAsync(this CommerceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var stock = await LoadAsync(db, order, cancellationToken);
        var plan = new List<(OrderLine Line, InventoryItem Item)>();
        var planned = new Dictionary<InventoryItem, int>();
        foreach (var line in order.Lines)
        {
            var item = stock.Where(i => i.ProductId == line.ProductId)
                .Where(i => i.Available - planned.GetValueOrDefault(i) >= line.Quantity)
                .OrderByDescending(i => i.Available - planned.GetValueOrDefault(i))
                .FirstOrDefault();
            if (item is null)
            {
                return $"Not enough stock: no warehouse has {line.Quantity} of '{line.ProductName}' ({line.ProductId}) available.";
            }

            planned[item] = planned.GetValueOrDefault(item) + line.Quantity;
            plan.Add((line, item));
        }

        foreach (var (line, item) in plan)
        {
            item.Reserved += line.Quantity;
            item.Version++;
            line.WarehouseId = item.WarehouseId;
        }

        return null;
    }

    /// <summary>Gives the reserved stock back (a compensation).</summary>
    public static async Task ReleaseAsync(this CommerceDbContext db, Order order, CancellationToken cancellationToken) =>
        await ApplyAsync(db, order, (item, quantity) => item.Reserved -= quantity, cancellationToken);

    /// <summary>The reserved stock leaves the warehouse: on-hand and reserved both drop.</summary>
    public static async Task ShipAsync(this CommerceDbContext db, Order order, CancellationToken cancellationToken) =>
        await ApplyAsync(db, order, (item, quantity) =>
        {
            item.OnHand -= quantity;
            item.Reserved -= quantity;
        }, cancellationToken);

    private static async Task ApplyAsync(CommerceDbContext db, Order order, Action<InventoryItem, int> change, CancellationToken cancellationToken)
    {
        var stock = await LoadAsync(db, order, cancellationToken);
        foreach (var line in order.Lines.Where(l => l.WarehouseId is not null))
        {
            var item = stock.Single(i => i.ProductId == line.ProductId && i.WarehouseId == line.WarehouseId);
            change(item, line.Quantity);
            item.Version++;
        }
    }

    private static async Task<List<InventoryItem>> LoadAsync(CommerceDbContext db, Order order, CancellationToken cancellationToken)
    {
        var products = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        return await db.Inventory.Where(i => products.Contains(i.ProductId)).ToListAsync(cancellationToken);
    }
}
