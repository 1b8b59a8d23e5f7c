using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Aict.CommerceApi.Promotions;

public sealed record PromotionResponse(
    Guid Id, string Name, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsActive,
    IReadOnlyList<Guid> ProductIds, IReadOnlyList<DiscountRuleDto> Rules, IReadOnlyList<ConditionDto> Conditions)
{
    public static PromotionResponse From(Promotion p) => new(
        p.Id, p.Name, p.Description, p.StartsAt, p.EndsAt, p.IsActive,
        [.. p.Products.Select(x => x.ProductId).Order()],
        [.. p.Rules.OrderBy(r => r.MinQuantity).Select(r => new DiscountRuleDto(r.Kind, r.Value, r.MinQuantity))],
        [.. p.Conditions.OrderBy(c => c.Kind).Select(c => new ConditionDto(c.Kind, c.Value))]);
}

/// <param name="Value">A percentage (0–100] for <see cref="DiscountKind.Percentage"/>, an amount per unit in the product's currency for <see cref="DiscountKind.FixedAmount"/>.</param>
public sealed record DiscountRuleDto(
    [property: Required] DiscountKind? Kind,
    [property: Range(typeof(decimal), "0.0001", "1000000000", ParseLimitsInInvariantCulture = true)] decimal Value,
    [property: Range(1, 1_000_000)] int MinQuantity = 1);

/// <param name="Value">MinOrderAmount: an amount (invariant culture); CustomerRole: a role; Channel: an OAuth client id; FirstOrder: empty.</param>
public sealed record ConditionDto([property: Required] ConditionKind? Kind, [property: StringLength(200)] string? Value);

public sealed record CreatePromotionRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: StringLength(2000)] string? Description,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt,
    bool? IsActive,
    [property: Required, MinLength(1), MaxLength(500)] IReadOnlyList<Guid> ProductIds,
    [property: Required, MinLength(1), MaxLength(20)] IReadOnlyList<DiscountRuleDto> Rules,
    [property: MaxLength(20)] IReadOnlyList<ConditionDto>? Conditions)
{
    /// <summary>The cross-field rules DataAnnotations cannot say, keyed by field.</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (EndsAt <= StartsAt)
        {
            errors["EndsAt"] = ["EndsAt must be after StartsAt."];
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i] is { Kind: DiscountKind.Percentage, Value: > 100 })
            {
                errors[$"Rules[{i}].Value"] = ["A percentage discount is at most 100."];
            }
        }

        var conditions = Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            var (kind, value) = (conditions[i].Kind, conditions[i].Value);
            var valid = kind switch
            {
                ConditionKind.MinOrderAmount => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var min) && min >= 0,
                ConditionKind.CustomerRole or ConditionKind.Channel => !string.IsNullOrWhiteSpace(value),
                _ => true,
            };
            if (!valid)
            {
                errors[$"Conditions[{i}].Value"] = [$"{kind} needs a value: an amount such as 50000 for MinOrderAmount, a role or a client id otherwise."];
            }
        }

        return errors;
    }
}

/// <summary>The lines a customer would order; <c>POST /api/products/quote</c> answers what they would pay.</summary>
public sealed record QuoteRequest([property: Required, MinLength(1), MaxLength(100)] IReadOnlyList<QuoteRequestLine> Lines);

public sealed record QuoteRequestLine([property: Required] Guid? ProductId, [property: Range(1, 10_000)] int Quantity);
