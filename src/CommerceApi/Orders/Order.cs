namespace Aict.CommerceApi.Orders;

public enum OrderStatus
{
    Pending,
    InventoryReserved,
    PaymentAuthorized,
    ShipmentRequested,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>An order and the saga state that carries it from creation to completion or compensation.</summary>
public sealed class Order
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The subject that placed it: a user's <c>sub</c>, or the partner's client id.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The channel (OAuth client) the order came through.</summary>
    public required string ClientId { get; init; }

    public string? IdempotencyKey { get; init; }

    public OrderStatus Status { get; set; } = OrderStatus.Pending;

    public required string Currency { get; init; }

    public decimal Subtotal { get; set; }

    public decimal Discount { get; set; }

    public decimal Total { get; set; }

    public string? PaymentReference { get; set; }

    public string? ShipmentReference { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    public List<OrderLine> Lines { get; init; } = [];

    public List<OrderHistoryEntry> History { get; init; } = [];
}

public sealed class OrderLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OrderId { get; init; }

    public Guid ProductId { get; init; }

    public required string ProductName { get; init; }

    public int Quantity { get; init; }

    public decimal UnitPrice { get; init; }

    public decimal Discount { get; init; }

    /// <summary>Where the line's stock was reserved; null until then.</summary>
    public Guid? WarehouseId { get; set; }
}

/// <summary>One step of the order's life, as shown in its history.</summary>
public sealed class OrderHistoryEntry
{
    public long Id { get; init; }

    public Guid OrderId { get; init; }

    public OrderStatus Status { get; init; }

    public required string Event { get; init; }

    public string? Detail { get; init; }

    public DateTimeOffset At { get; init; }
}
