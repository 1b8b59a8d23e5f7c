extern alias commerce;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

/// <summary>The catalogue calls the tests repeat, and the JSON shapes they read back.</summary>
internal static class CatalogDsl
{
    /// <summary>A value no other test uses, to find this test's own products in a shared database.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    public static async Task<ProductDto> CreateProductAsync(
        this HttpClient partner, string name, decimal price = 200m, Guid? categoryId = null,
        Dictionary<string, string>? attributes = null, string status = "Active", string currency = "KRW")
    {
        using var response = await partner.PostAsJsonAsync("/api/products", new { name, description = "A test product", currency, price, categoryId, attributes, status });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProductDto>())!;
    }

    public static async Task<Guid> CreateCategoryAsync(this HttpClient partner, string name, Guid? parentId = null)
    {
        using var response = await partner.PostAsJsonAsync("/api/categories", new { name, parentId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreatePromotionAsync(this HttpClient partner, object promotion)
    {
        using var response = await partner.PostAsJsonAsync("/api/promotions", promotion);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<QuoteDto> QuoteAsync(this HttpClient client, Guid productId, int quantity)
    {
        using var response = await client.PostAsJsonAsync("/api/products/quote", new { lines = new[] { new { productId, quantity } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<QuoteDto>())!;
    }

    /// <summary>The response is a 400 ValidationProblem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task AssertNamesFieldAsync(this HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(field, problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    /// <summary>Changes rows the way another feature (the order saga) would, straight in the commerce database.</summary>
    public static async Task InDatabaseAsync(this CommerceServices services, Func<CommerceDbContext, Task> change)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>The <c>sub</c> of an access token (its payload is plain base64url JSON).</summary>
    public static string SubjectOf(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }
}

internal sealed record ProductDto(
    Guid Id, string Name, string Description, string Status, string Currency, decimal Price, Guid? CategoryId,
    Dictionary<string, string> Attributes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

internal sealed record ProductPageDto(ProductDto[] Items, int TotalCount, int Page, int PageSize);

internal sealed record PriceDto(Guid ProductId, decimal Amount, string Currency, DateTimeOffset EffectiveFrom, DateTimeOffset? EffectiveTo);

internal sealed record WarehouseStockDto(string WarehouseCode, string WarehouseName, int OnHand, int Reserved, int Available);

internal sealed record InventoryDto(Guid ProductId, WarehouseStockDto[] Warehouses, long OnHand, long Reserved, long Available);

internal sealed record ReviewDto(Guid Id, string AuthorId, int Rating, string? Title, string Body, DateTimeOffset CreatedAt);

internal sealed record ReviewPageDto(ReviewDto[] Items, int TotalCount, int Page, int PageSize, double? AverageRating);

internal sealed record QuotedLineDto(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal Discount, Guid[] AppliedPromotions);

internal sealed record QuoteDto(string Currency, QuotedLineDto[] Lines, decimal Subtotal, decimal Discount, decimal Total);
