using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Orders.Payments;
using Aict.CommerceApi.Orders.Shipping;
using Aict.CommerceApi.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>Cancels an order that is not final, undoing whatever the saga already did.</summary>
internal sealed class OrderCancellation(
    CommerceDbContext db, IPaymentGateway payments, IShippingProvider shipping, OutboxSignal outbox, TimeProvider time)
{
    private const int MaxAttempts = 5;

    /// <summary>Cancels the order; the caller has already checked who may.</summary>
    public async Task CancelAsync(Guid orderId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, cancellationToken);
            if (order.IsFinal)
            {
                throw new ConflictException($"The order is already {order.Status} and can no longer be cancelled.");
            }

            // Always undone by key: a saga step racing with us may have called out without committing yet.
            await shipping.CancelAsync(order.ExternalKey, cancellationToken);
            await payments.VoidAsync(order.ExternalKey, cancellationToken);
            var compensations = new List<string>();
            if (order.ShipmentReference is not null)
            {
                compensations.Add(OrderEvents.ShipmentCancelled);
            }

            if (order.PaymentReference is not null)
            {
                compensations.Add(OrderEvents.PaymentVoided);
            }

            if (order.HoldsInventory)
            {
                await db.ReleaseAsync(order, cancellationToken);
                compensations.Add(OrderEvents.InventoryReleased);
            }

            db.Transition(order, OrderStatus.Cancelled, OrderEvents.Cancelled, $"Cancelled at {order.Status}.", time.GetUtcNow(), compensations);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                outbox.Notify();
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // The saga moved the order meanwhile: read it again and undo what it now holds.
            }
        }
    }
}
