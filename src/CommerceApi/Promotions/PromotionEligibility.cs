using System.Globalization;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Orders;
using Aict.CommerceApi.Security;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Promotions;

/// <summary>Whether one caller's order meets every condition of a promotion (a promotion without conditions is for everyone).</summary>
internal sealed class PromotionEligibility(CommerceDbContext db, Caller caller, decimal subtotal)
{
    private bool? _hasNoCompletedOrder;

    public async Task<bool> AllowsAsync(Promotion promotion, CancellationToken cancellationToken)
    {
        foreach (var condition in promotion.Conditions)
        {
            if (!await MeetsAsync(condition, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> MeetsAsync(EligibilityCondition condition, CancellationToken cancellationToken) => condition.Kind switch
    {
        ConditionKind.MinOrderAmount => subtotal >= decimal.Parse(condition.Value, NumberStyles.Number, CultureInfo.InvariantCulture),
        ConditionKind.CustomerRole => caller.Roles.Contains(condition.Value) || (condition.Value == Caller.AdminRole && caller.IsAdmin),
        // The channel is the OAuth client the token was issued to.
        ConditionKind.Channel => caller.ClientId == condition.Value,
        ConditionKind.FirstOrder => _hasNoCompletedOrder ??=
            !await db.Orders.AnyAsync(o => o.CustomerId == caller.Subject && o.Status == OrderStatus.Completed, cancellationToken),
        _ => false,
    };
}
