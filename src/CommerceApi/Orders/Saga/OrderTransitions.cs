using Aict.CommerceApi.Data;
using Aict.CommerceApi.Outbox;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>The outbox payload of every order event.</summary>
public sealed record OrderEvent(Guid OrderId, string CustomerId, OrderStatus Status, string? Detail);

/// <summary>Domain event names, as written to the outbox and the order's history.</summary>
public static class OrderEvents
{
    public const string Created = "OrderCreated";
    public const string InventoryReserved = "InventoryReserved";
    public const string PaymentAuthorized = "PaymentAuthorized";
    public const string ShipmentRequested = "ShipmentRequested";
    public const string Completed = "OrderCompleted";
    public const string Failed = "OrderFailed";
    public const string Cancelled = "OrderCancelled";
    public const string InventoryReleased = "InventoryReleased";
    public const string PaymentVoided = "PaymentVoided";
    public const string ShipmentCancelled = "ShipmentCancelled";
}

internal static class OrderTransitions
{
    /// <summary>
    /// Moves the order to <paramref name="status"/> and stages its history entry and outbox events
    /// (compensations first, then the event named after the step), all saved by one SaveChanges.
    /// </summary>
    public static void Transition(this CommerceDbContext db, Order order, OrderStatus status, string @event, string? detail,
        DateTimeOffset now, params IReadOnlyList<string> compensations)
    {
        order.Status = status;
        order.UpdatedAt = now;
        order.Version++;
        db.Add(new OrderHistoryEntry { OrderId = order.Id, Status = status, Event = @event, Detail = detail, At = now });
        var events = compensations.Append(@event)
            .Select(type => (type, (object)new OrderEvent(order.Id, order.CustomerId, status, type == @event ? detail : null)))
            .ToList();
        db.Enqueue(now, events);
    }
}
