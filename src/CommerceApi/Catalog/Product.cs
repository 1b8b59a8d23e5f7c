using System.Text.Json.Serialization;

namespace Aict.CommerceApi.Catalog;

[JsonConverter(typeof(JsonStringEnumConverter<ProductStatus>))]
public enum ProductStatus
{
    Draft,
    Active,
    Discontinued,
}

/// <summary>A sellable product; its price over time lives in <see cref="ProductPrice"/>.</summary>
public sealed class Product
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string Description { get; set; } = string.Empty;

    public ProductStatus Status { get; set; } = ProductStatus.Draft;

    /// <summary>ISO 4217 code such as <c>KRW</c>.</summary>
    public required string Currency { get; set; }

    public decimal CurrentPrice { get; set; }

    public Guid? CategoryId { get; set; }

    public Category? Category { get; set; }

    public List<ProductAttribute> Attributes { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, also the product's ETag.</summary>
    public long Version { get; set; }
}

/// <summary>A free-form attribute (colour, size, material…) the business can add without a schema change.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The catalogue's own word; not a .NET attribute.")]
public sealed class ProductAttribute
{
    public Guid ProductId { get; init; }

    public required string Name { get; init; }

    public required string Value { get; set; }
}

/// <summary>A price valid from <see cref="EffectiveFrom"/> until <see cref="EffectiveTo"/> (open when null).</summary>
public sealed class ProductPrice
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ProductId { get; init; }

    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateTimeOffset EffectiveFrom { get; init; }

    public DateTimeOffset? EffectiveTo { get; set; }
}
