namespace Aict.CommerceApi.Catalog;

public sealed class Warehouse
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Code { get; init; }

    public required string Name { get; set; }
}

/// <summary>Stock of one product in one warehouse: what is there, and how much of it orders have reserved.</summary>
public sealed class InventoryItem
{
    public Guid ProductId { get; init; }

    public Guid WarehouseId { get; init; }

    public Warehouse? Warehouse { get; init; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int Available => OnHand - Reserved;

    public long Version { get; set; }
}
