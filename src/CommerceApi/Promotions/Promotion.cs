using System.Text.Json.Serialization;

namespace Aict.CommerceApi.Promotions;

/// <summary>A time-boxed promotion: which products, what discount, and who is eligible.</summary>
public sealed class Promotion
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string Description { get; set; } = string.Empty;

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public bool IsActive { get; set; } = true;

    public List<PromotionProduct> Products { get; init; } = [];

    public List<DiscountRule> Rules { get; init; } = [];

    public List<EligibilityCondition> Conditions { get; init; } = [];
}

public sealed class PromotionProduct
{
    public Guid PromotionId { get; init; }

    public Guid ProductId { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DiscountKind>))]
public enum DiscountKind
{
    Percentage,
    FixedAmount,
}

/// <summary>A discount per unit, applied when at least <see cref="MinQuantity"/> units are bought.</summary>
public sealed class DiscountRule
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PromotionId { get; init; }

    public DiscountKind Kind { get; init; }

    public decimal Value { get; init; }

    public int MinQuantity { get; init; } = 1;
}

[JsonConverter(typeof(JsonStringEnumConverter<ConditionKind>))]
public enum ConditionKind
{
    /// <summary>The order's total before discounts is at least the value.</summary>
    MinOrderAmount,
    /// <summary>The customer has the role named by the value.</summary>
    CustomerRole,
    /// <summary>The order comes through the client (channel) named by the value.</summary>
    Channel,
    /// <summary>The customer has no completed order yet.</summary>
    FirstOrder,
}

public sealed class EligibilityCondition
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PromotionId { get; init; }

    public ConditionKind Kind { get; init; }

    public string Value { get; init; } = string.Empty;
}
