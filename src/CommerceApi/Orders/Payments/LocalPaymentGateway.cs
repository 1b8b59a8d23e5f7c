using System.Collections.Concurrent;

namespace Aict.CommerceApi.Orders.Payments;

public enum LocalPaymentState
{
    Authorized,
    Declined,
    Voided,
}

/// <summary>What the local gateway remembers about one idempotency key.</summary>
public sealed record LocalPayment(string IdempotencyKey, string Reference, decimal Amount, string Currency, LocalPaymentState State);

/// <summary>
/// An in-process payment gateway for development and tests: remembers every operation by its
/// key like a real provider does, and declines when a test armed it to (<see cref="DeclineNext"/>).
/// </summary>
public sealed class LocalPaymentGateway : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, LocalPayment> _payments = new();
    private readonly Lock _gate = new();
    private int _declinesArmed;

    /// <summary>Every payment the gateway knows, one per idempotency key.</summary>
    public IReadOnlyCollection<LocalPayment> Payments => [.. _payments.Values];

    /// <summary>Fault plan: the next <paramref name="count"/> new authorisations are declined.</summary>
    public void DeclineNext(int count = 1) => Interlocked.Add(ref _declinesArmed, count);

    public Task<PaymentAuthorization> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        LocalPayment payment;
        lock (_gate)
        {
            payment = _payments.GetOrAdd(request.IdempotencyKey, key => new LocalPayment(
                key, $"pay_{Guid.NewGuid():N}", request.Amount, request.Currency,
                TakeArmedDecline() ? LocalPaymentState.Declined : LocalPaymentState.Authorized));
        }

        return Task.FromResult(payment.State == LocalPaymentState.Declined
            ? new PaymentAuthorization(false, null, "The card was declined.")
            : new PaymentAuthorization(true, payment.Reference, null));
    }

    public Task VoidAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_payments.TryGetValue(idempotencyKey, out var payment) && payment.State == LocalPaymentState.Authorized)
            {
                _payments[idempotencyKey] = payment with { State = LocalPaymentState.Voided };
            }
        }

        return Task.CompletedTask;
    }

    private bool TakeArmedDecline()
    {
        if (_declinesArmed <= 0)
        {
            return false;
        }

        _declinesArmed--;
        return true;
    }
}
