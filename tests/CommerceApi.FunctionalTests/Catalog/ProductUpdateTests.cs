using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class ProductUpdateTests(CommerceServices services)
{
    [Fact]
    public async Task A_product_carries_a_strong_ETag_from_its_version()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"));

        using var response = await partner.GetAsync($"/api/products/{product.Id}");

        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_read_with_the_current_ETag_in_If_None_Match_is_304()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{product.Id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");

        using var response = await partner.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task An_update_without_If_Match_is_428()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"));

        using var response = await partner.PutAsJsonAsync($"/api/products/{product.Id}", Update(product, "Renamed", product.Price));

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_update_with_a_stale_ETag_is_412_and_changes_nothing()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"));
        using var first = await PutAsync(partner, product.Id, "\"1\"", Update(product, "First", 210m));

        using var stale = await PutAsync(partner, product.Id, "\"1\"", Update(product, "Second", 220m));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await partner.GetFromJsonAsync<ProductDto>($"/api/products/{product.Id}");
        Assert.Equal(("First", 210m, 2L), (current!.Name, current.Price, current.Version));
    }

    [Fact]
    public async Task A_successful_update_replaces_the_attributes_and_moves_the_ETag()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"), attributes: new() { ["colour"] = "red", ["slots"] = "2" });
        var body = Update(product, "Toaster XL", product.Price) with { Attributes = new() { ["colour"] = "black", ["wattage"] = "900" } };

        using var response = await PutAsync(partner, product.Id, "\"1\"", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        var updated = await response.Content.ReadFromJsonAsync<ProductDto>();
        Assert.Equal(new Dictionary<string, string> { ["colour"] = "black", ["wattage"] = "900" }, updated!.Attributes);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_ETag_let_exactly_one_win()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Toaster"));

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => PutAsync(partner, product.Id, "\"1\"", Update(product, $"Racer {i}", 200m + i))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict }));
        var current = await partner.GetFromJsonAsync<ProductDto>($"/api/products/{product.Id}");
        var prices = await partner.GetFromJsonAsync<PriceDto[]>($"/api/products/{product.Id}/prices");
        Assert.Equal(2L, current!.Version);
        Assert.Equal([200m, current.Price], prices!.Select(p => p.Amount));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Updating_an_unknown_product_is_404()
    {
        var partner = await services.PartnerAsync();

        using var response = await PutAsync(partner, Guid.NewGuid(), "\"1\"", new UpdateBody("Ghost", "", 1m, null, null, "Active"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static UpdateBody Update(ProductDto product, string name, decimal price) =>
        new(name, product.Description, price, product.CategoryId, product.Attributes, product.Status);

    internal static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, string ifMatch, UpdateBody body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    internal sealed record UpdateBody(string Name, string Description, decimal Price, Guid? CategoryId, Dictionary<string, string>? Attributes, string Status);
}

[Collection(OnSqlite.Name)]
public sealed class ProductUpdateOnSqlite(SqliteServices services) : ProductUpdateTests(services);

[Collection(OnPostgres.Name)]
public sealed class ProductUpdateOnPostgres(PostgresServices services) : ProductUpdateTests(services);
