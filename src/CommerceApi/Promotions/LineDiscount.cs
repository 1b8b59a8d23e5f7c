namespace Aict.CommerceApi.Promotions;

/// <summary>
/// The discount on one order line: the largest that any rule of any eligible promotion gives (rules whose
/// <see cref="DiscountRule.MinQuantity"/> the line reaches), never more than the line costs, rounded down to
/// two decimals. Ties go to the promotion with the smaller id, so a quote is deterministic.
/// </summary>
internal readonly record struct LineDiscount(decimal Amount, Guid? PromotionId)
{
    public static LineDiscount Best(IEnumerable<Promotion> promotions, decimal unitPrice, int quantity)
    {
        var best = new LineDiscount(0m, null);
        foreach (var promotion in promotions.OrderBy(p => p.Id))
        {
            foreach (var rule in promotion.Rules.Where(r => quantity >= r.MinQuantity))
            {
                var amount = Of(rule, unitPrice, quantity);
                if (amount > best.Amount)
                {
                    best = new LineDiscount(amount, promotion.Id);
                }
            }
        }

        return best;
    }

    private static decimal Of(DiscountRule rule, decimal unitPrice, int quantity)
    {
        var perUnit = rule.Kind switch
        {
            DiscountKind.Percentage => unitPrice * rule.Value / 100m,
            DiscountKind.FixedAmount => rule.Value,
            _ => 0m,
        };
        return decimal.Round(Math.Min(perUnit, unitPrice) * quantity, 2, MidpointRounding.ToZero);
    }
}
