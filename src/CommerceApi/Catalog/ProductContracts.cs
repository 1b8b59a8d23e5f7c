using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Catalog;

/// <summary>A product as the API shows it; <see cref="Price"/> is the price effective now.</summary>
public sealed record ProductResponse(
    Guid Id, string Name, string Description, ProductStatus Status, string Currency, decimal Price, Guid? CategoryId,
    IReadOnlyDictionary<string, string> Attributes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

public sealed record ProductPage(IReadOnlyList<ProductResponse> Items, int TotalCount, int Page, int PageSize);

public sealed record CreateProductRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: StringLength(4000)] string? Description,
    [property: Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as KRW.")] string Currency,
    [property: Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true)] decimal Price,
    Guid? CategoryId,
    Dictionary<string, string>? Attributes,
    ProductStatus? Status);

/// <summary>The whole editable product; the currency is fixed at creation because the price history is kept in it.</summary>
public sealed record UpdateProductRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: StringLength(4000)] string? Description,
    [property: Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true)] decimal Price,
    Guid? CategoryId,
    Dictionary<string, string>? Attributes,
    [property: Required] ProductStatus? Status);
