using System.Globalization;
using Aict.CommerceApi.Promotions;
using Aict.CommerceApi.Security;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Orders;

/// <summary>
/// A user placing an order above <see cref="OrdersOptions.MfaRequiredAbove"/> must have signed in with MFA; the
/// token's <c>acr</c> says so, so the check costs no call. Partners (client credentials) have no user to step up:
/// their client authentication and the <c>orders:write</c> scope they were granted decide, as before.
/// </summary>
internal sealed class LargeOrderStepUp(IOptions<OrdersOptions> options)
{
    /// <summary>Throws the RFC 9470 challenge when the quote's total needs a stronger sign-in than the caller's.</summary>
    public void Demand(Caller caller, PriceQuote quote)
    {
        if (caller.IsPartner || caller.AuthenticationLevel == AuthenticationLevels.MultiFactor)
        {
            return;
        }

        if (!options.Value.MfaRequiredAbove.TryGetValue(quote.Currency, out var limit))
        {
            throw new InsufficientUserAuthenticationException(AuthenticationLevels.MultiFactor,
                $"Orders in {quote.Currency} require a sign-in with multi-factor authentication.");
        }

        if (quote.Total > limit)
        {
            throw new InsufficientUserAuthenticationException(AuthenticationLevels.MultiFactor,
                $"Orders above {limit.ToString("0.##", CultureInfo.InvariantCulture)} {quote.Currency} require a sign-in with multi-factor authentication.");
        }
    }
}
