using Aict.CommerceApi.Data;
using Aict.CommerceApi.Orders.Payments;
using Aict.CommerceApi.Orders.Shipping;
using Aict.CommerceApi.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>
/// Takes an order one step further: reserve stock → authorise payment → request shipment →
/// complete, compensating when a step fails. Each step's state, history and outbox events commit
/// together, and external calls carry the order's key, so a step repeated after a crash or a lost
/// race has no second effect.
/// </summary>
internal sealed class OrderSaga(
    CommerceDbContext db, IPaymentGateway payments, IShippingProvider shipping, SagaFaults faults, OutboxSignal outbox, TimeProvider time)
{
    private const int MaxAttempts = 5;

    /// <summary>Runs the order's next step; false when it is final (or held by a fault plan) and there is nothing to do.</summary>
    public async Task<bool> AdvanceAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var calledOut = false;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, cancellationToken);
            if (order.IsFinal)
            {
                if (calledOut && order.Status == OrderStatus.Cancelled)
                {
                    // A cancel that won the race against our external call must not leave that call standing.
                    await UndoExternalCallsAsync(order, cancellationToken);
                }

                return false;
            }

            if (faults.Halts(order.Status))
            {
                return false;
            }

            try
            {
                calledOut |= order.Status is OrderStatus.InventoryReserved or OrderStatus.PaymentAuthorized;
                await StepAsync(order, cancellationToken);
                outbox.Notify();
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // The stock or the order changed under us (another order, a cancel): read again and redo the step.
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
        }
    }

    private Task StepAsync(Order order, CancellationToken cancellationToken) => order.Status switch
    {
        OrderStatus.Pending => ReserveInventoryAsync(order, cancellationToken),
        OrderStatus.InventoryReserved => AuthorizePaymentAsync(order, cancellationToken),
        OrderStatus.PaymentAuthorized => RequestShipmentAsync(order, cancellationToken),
        OrderStatus.ShipmentRequested => CompleteAsync(order, cancellationToken),
        _ => throw new InvalidOperationException($"No saga step leaves {order.Status}."),
    };

    private async Task ReserveInventoryAsync(Order order, CancellationToken cancellationToken)
    {
        var shortage = await db.TryReserveAsync(order, cancellationToken);
        if (shortage is not null)
        {
            await FailAsync(order, shortage, [], cancellationToken);
            return;
        }

        await CommitAsync(order, OrderStatus.InventoryReserved, OrderEvents.InventoryReserved, null, [], cancellationToken);
    }

    private async Task AuthorizePaymentAsync(Order order, CancellationToken cancellationToken)
    {
        var authorization = await payments.AuthorizeAsync(new PaymentRequest(order.ExternalKey, order.Total, order.Currency), cancellationToken);
        if (!authorization.Approved)
        {
            await db.ReleaseAsync(order, cancellationToken);
            await FailAsync(order, $"Payment declined: {authorization.DeclineReason}", [OrderEvents.InventoryReleased], cancellationToken);
            return;
        }

        order.PaymentReference = authorization.Reference;
        await CommitAsync(order, OrderStatus.PaymentAuthorized, OrderEvents.PaymentAuthorized, authorization.Reference, [], cancellationToken);
    }

    private async Task RequestShipmentAsync(Order order, CancellationToken cancellationToken)
    {
        var items = order.Lines.Select(l => new ShipmentItem(l.ProductId, l.WarehouseId!.Value, l.Quantity)).ToList();
        var booking = await shipping.RequestShipmentAsync(new ShipmentRequest(order.ExternalKey, items), cancellationToken);
        if (!booking.Booked)
        {
            await payments.VoidAsync(order.ExternalKey, cancellationToken);
            await db.ReleaseAsync(order, cancellationToken);
            await FailAsync(order, $"Shipment refused: {booking.FailureReason}", [OrderEvents.PaymentVoided, OrderEvents.InventoryReleased], cancellationToken);
            return;
        }

        order.ShipmentReference = booking.Reference;
        await CommitAsync(order, OrderStatus.ShipmentRequested, OrderEvents.ShipmentRequested, booking.Reference, [], cancellationToken);
    }

    private async Task CompleteAsync(Order order, CancellationToken cancellationToken)
    {
        await db.ShipAsync(order, cancellationToken);
        await CommitAsync(order, OrderStatus.Completed, OrderEvents.Completed, null, [], cancellationToken);
    }

    private async Task FailAsync(Order order, string reason, IReadOnlyList<string> compensations, CancellationToken cancellationToken)
    {
        order.FailureReason = reason;
        await CommitAsync(order, OrderStatus.Failed, OrderEvents.Failed, reason, compensations, cancellationToken);
    }

    private async Task CommitAsync(Order order, OrderStatus status, string @event, string? detail, IReadOnlyList<string> compensations,
        CancellationToken cancellationToken)
    {
        db.Transition(order, status, @event, detail, time.GetUtcNow(), compensations);
        faults.ThrowIfCrashing(status);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task UndoExternalCallsAsync(Order order, CancellationToken cancellationToken)
    {
        await shipping.CancelAsync(order.ExternalKey, cancellationToken);
        await payments.VoidAsync(order.ExternalKey, cancellationToken);
    }
}
