using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Orders.Saga;
using Aict.CommerceApi.Outbox;
using Aict.CommerceApi.Promotions;
using Aict.CommerceApi.Security;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Orders;

/// <summary>
/// Places orders, honouring the Idempotency-Key header: one key of one customer is one order, even
/// when duplicates race (the unique index decides, the loser returns the winner's order).
/// </summary>
internal sealed class OrderPlacement(
    CommerceDbContext db, IPriceQuoter quoter, LargeOrderStepUp stepUp, OrderSagaSignal saga, OutboxSignal outbox, TimeProvider time)
{
    /// <summary>The order and whether this call created it (false: an earlier call with the same key did).</summary>
    public async Task<(Order Order, bool Created)> PlaceAsync(Caller caller, CreateOrderRequest request, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await FindAsync(caller, idempotencyKey, cancellationToken) is { } earlier)
        {
            return (SameRequestOrThrow(earlier, request), false);
        }

        var order = await NewOrderAsync(caller, request, idempotencyKey, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent duplicate won the unique index: answer with its order.
            db.ChangeTracker.Clear();
            if (await FindAsync(caller, idempotencyKey, cancellationToken) is not { } winner)
            {
                throw;
            }

            return (SameRequestOrThrow(winner, request), false);
        }

        saga.Notify();
        outbox.Notify();
        return (order, true);
    }

    private async Task<Order> NewOrderAsync(Caller caller, CreateOrderRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var quote = await quoter.QuoteAsync(caller, [.. request.Lines.Select(l => new QuoteLine(l.ProductId!.Value, l.Quantity))], cancellationToken);
        // Before anything is staged: a refused order leaves no row behind.
        stepUp.Demand(caller, quote);
        var now = time.GetUtcNow();
        var order = new Order
        {
            CustomerId = caller.Subject,
            ClientId = caller.ClientId,
            IdempotencyKey = idempotencyKey,
            Currency = quote.Currency,
            Subtotal = quote.Subtotal,
            Discount = quote.Discount,
            Total = quote.Total,
            CreatedAt = now,
            UpdatedAt = now,
        };
        order.Lines.AddRange(quote.Lines.Select(l => new OrderLine
        {
            OrderId = order.Id,
            ProductId = l.ProductId,
            ProductName = l.ProductName,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
            Discount = l.Discount,
        }));
        db.Orders.Add(order);
        db.Transition(order, OrderStatus.Pending, OrderEvents.Created, null, now);
        return order;
    }

    private async Task<Order?> FindAsync(Caller caller, string idempotencyKey, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History)
            .SingleOrDefaultAsync(o => o.CustomerId == caller.Subject && o.IdempotencyKey == idempotencyKey, cancellationToken);

    /// <summary>A reused key must come with the same lines (in any order); anything else is a client bug worth a 422.</summary>
    private static Order SameRequestOrThrow(Order earlier, CreateOrderRequest request)
    {
        var asked = request.Lines.Select(l => (l.ProductId!.Value, l.Quantity)).Order();
        var placed = earlier.Lines.Select(l => (l.ProductId, l.Quantity)).Order();
        return asked.SequenceEqual(placed)
            ? earlier
            : throw new BusinessRuleException("This Idempotency-Key was already used for a different order.");
    }
}
