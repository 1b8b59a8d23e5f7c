namespace Aict.CommerceApi.Orders.Shipping;

/// <summary>The carrier. Calls carry an idempotency key (the order id), so a retried request books one shipment.</summary>
public interface IShippingProvider
{
    Task<ShipmentBooking> RequestShipmentAsync(ShipmentRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a booked shipment (the compensation); a no-op when none was booked under the key.</summary>
    Task CancelAsync(string idempotencyKey, CancellationToken cancellationToken);
}

public sealed record ShipmentRequest(string IdempotencyKey, IReadOnlyList<ShipmentItem> Items);

public sealed record ShipmentItem(Guid ProductId, Guid WarehouseId, int Quantity);

/// <summary>Booked with a tracking reference, or refused with a reason.</summary>
public sealed record ShipmentBooking(bool Booked, string? Reference, string? FailureReason);
