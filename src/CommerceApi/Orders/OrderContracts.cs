using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Orders;

/// <summary>A new order: what to buy. Prices come from the catalogue (promotions applied), never from the client.</summary>
public sealed record CreateOrderRequest([property: Required, MinLength(1), MaxLength(100)] List<OrderLineRequest> Lines);

public sealed record OrderLineRequest(
    [property: Required] Guid? ProductId,
    [property: Range(1, 10_000)] int Quantity);

public sealed record OrderResponse(
    Guid Id,
    string CustomerId,
    OrderStatus Status,
    string Currency,
    decimal Subtotal,
    decimal Discount,
    decimal Total,
    string? FailureReason,
    string? PaymentReference,
    string? ShipmentReference,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineResponse> Lines,
    IReadOnlyList<OrderHistoryResponse> History)
{
    public static OrderResponse From(Order order) => new(
        order.Id, order.CustomerId, order.Status, order.Currency, order.Subtotal, order.Discount, order.Total,
        order.FailureReason, order.PaymentReference, order.ShipmentReference, order.CreatedAt, order.UpdatedAt,
        [.. order.Lines.Select(l => new OrderLineResponse(l.ProductId, l.ProductName, l.Quantity, l.UnitPrice, l.Discount,
            (l.UnitPrice * l.Quantity) - l.Discount, l.WarehouseId))],
        [.. order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderHistoryResponse(h.Status, h.Event, h.Detail, h.At))]);
}

/// <param name="Discount">The discount on the whole line.</param>
/// <param name="WarehouseId">Where the line's stock was reserved; null before reservation.</param>
public sealed record OrderLineResponse(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal Discount, decimal LineTotal, Guid? WarehouseId);

public sealed record OrderHistoryResponse(OrderStatus Status, string Event, string? Detail, DateTimeOffset At);

public sealed record OrderSummary(Guid Id, string CustomerId, OrderStatus Status, string Currency, decimal Total, DateTimeOffset CreatedAt);

/// <summary>One page of orders, newest first.</summary>
public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, int TotalCount);
