namespace Aict.CommerceApi.Orders.Payments;

/// <summary>
/// The payment provider. Every call carries an idempotency key (the order id): repeating a call
/// with the same key returns the first outcome and never charges twice.
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentAuthorization> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken);

    /// <summary>Releases an authorisation (the compensation); a no-op when nothing was authorised under the key.</summary>
    Task VoidAsync(string idempotencyKey, CancellationToken cancellationToken);
}

public sealed record PaymentRequest(string IdempotencyKey, decimal Amount, string Currency);

/// <summary>The gateway's answer: approved with a reference, or declined with a reason.</summary>
public sealed record PaymentAuthorization(bool Approved, string? Reference, string? DeclineReason);
