using System.Collections.Concurrent;

namespace Aict.CommerceApi.Orders.Shipping;

/// <summary>What the local carrier remembers about one idempotency key.</summary>
public sealed record LocalShipment(string IdempotencyKey, string Reference, IReadOnlyList<ShipmentItem> Items, bool Cancelled);

/// <summary>
/// An in-process carrier for development and tests: books shipments by key, and refuses the next
/// request when a test armed it to (<see cref="FailNext"/>).
/// </summary>
public sealed class LocalShippingProvider : IShippingProvider
{
    private readonly ConcurrentDictionary<string, LocalShipment> _shipments = new();
    private readonly ConcurrentDictionary<string, string> _refusals = new();
    private readonly Lock _gate = new();
    private int _failuresArmed;

    /// <summary>Every shipment booked, one per idempotency key.</summary>
    public IReadOnlyCollection<LocalShipment> Shipments => [.. _shipments.Values];

    /// <summary>Fault plan: the next <paramref name="count"/> new shipment requests are refused.</summary>
    public void FailNext(int count = 1) => Interlocked.Add(ref _failuresArmed, count);

    public Task<ShipmentBooking> RequestShipmentAsync(ShipmentRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_refusals.TryGetValue(request.IdempotencyKey, out var refusal))
            {
                return Task.FromResult(new ShipmentBooking(false, null, refusal));
            }

            if (!_shipments.ContainsKey(request.IdempotencyKey) && _failuresArmed > 0)
            {
                _failuresArmed--;
                _refusals[request.IdempotencyKey] = refusal = "No carrier can collect from the warehouse.";
                return Task.FromResult(new ShipmentBooking(false, null, refusal));
            }

            var shipment = _shipments.GetOrAdd(request.IdempotencyKey, key => new LocalShipment(key, $"ship_{Guid.NewGuid():N}", request.Items, false));
            return Task.FromResult(new ShipmentBooking(true, shipment.Reference, null));
        }
    }

    public Task CancelAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_shipments.TryGetValue(idempotencyKey, out var shipment))
            {
                _shipments[idempotencyKey] = shipment with { Cancelled = true };
            }
        }

        return Task.CompletedTask;
    }
}
