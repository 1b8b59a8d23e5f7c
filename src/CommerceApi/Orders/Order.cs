using System.Text.Json.Serialization;

namespace Aict.CommerceApi.Orders;

[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
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

    /// <summary>Completed, failed and cancelled orders never change again.</summary>
    public bool IsFinal => Status is OrderStatus.Completed or OrderStatus.Failed or OrderStatus.Cancelled;

    /// <summary>Stock is held for the order between reservation and completion or compensation.</summary>
    public bool HoldsInventory => Status is OrderStatus.InventoryReserved or OrderStatus.PaymentAuthorized or OrderStatus.ShipmentRequested;

    /// <summary>The key every call to the payment gateway and the carrier carries, so retries never repeat an effect.</summary>
    public string ExternalKey => $"order-{Id:N}";
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
