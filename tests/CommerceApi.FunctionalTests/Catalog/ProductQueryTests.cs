using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class ProductQueryTests(CommerceServices services)
{
    [Fact]
    public async Task A_partner_creates_a_product_and_sets_its_inventory_and_alice_browses_it()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var name = Unique("Washing machine");

        var product = await partner.CreateProductAsync(name, price: 890_000m, attributes: new() { ["energy"] = "A+++" });
        using var stocked = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 12 } } });
        Assert.Equal(HttpStatusCode.OK, stocked.StatusCode);

        var page = await alice.GetFromJsonAsync<ProductPageDto>($"/api/products?q={name}");
        var listed = Assert.Single(page!.Items);
        Assert.Equal((890_000m, "KRW", "A+++"), (listed.Price, listed.Currency, listed.Attributes["energy"]));
        var inventory = await alice.GetFromJsonAsync<InventoryDto>($"/api/products/{product.Id}/inventory");
        Assert.Equal(12, inventory!.Available);
    }

    [Fact]
    public async Task Filtering_by_a_category_includes_its_sub_categories()
    {
        var partner = await services.PartnerAsync();
        var root = await partner.CreateCategoryAsync(Unique("Kitchen"));
        var child = await partner.CreateCategoryAsync(Unique("Cooking"), root);
        var grandchild = await partner.CreateCategoryAsync(Unique("Induction"), child);
        var other = await partner.CreateCategoryAsync(Unique("Garden"));
        var inRoot = await partner.CreateProductAsync(Unique("Kettle"), categoryId: root);
        var inGrandchild = await partner.CreateProductAsync(Unique("Hob"), categoryId: grandchild);
        await partner.CreateProductAsync(Unique("Mower"), categoryId: other);

        var fromRoot = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?categoryId={root}");
        var fromChild = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?categoryId={child}");

        Assert.Equal(new[] { inRoot.Id, inGrandchild.Id }.Order(), fromRoot!.Items.Select(p => p.Id).Order());
        Assert.Equal(inGrandchild.Id, Assert.Single(fromChild!.Items).Id);
    }

    [Fact]
    public async Task Attribute_filters_combine_and_paging_reports_the_total()
    {
        var partner = await services.PartnerAsync();
        var batch = Unique("batch");
        await partner.CreateProductAsync("A shirt", attributes: new() { ["batch"] = batch, ["colour"] = "red", ["size"] = "L" });
        await partner.CreateProductAsync("B shirt", attributes: new() { ["batch"] = batch, ["colour"] = "red", ["size"] = "M" });
        await partner.CreateProductAsync("C shirt", attributes: new() { ["batch"] = batch, ["colour"] = "blue", ["size"] = "L" });

        var red = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}&attribute=colour:red");
        var redLarge = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}&attribute=colour:red&attribute=size:L");
        var first = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}&pageSize=2");
        var second = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}&pageSize=2&page=2");

        Assert.Equal(["A shirt", "B shirt"], red!.Items.Select(p => p.Name));
        Assert.Equal("A shirt", Assert.Single(redLarge!.Items).Name);
        Assert.Equal((2, 3), (first!.Items.Length, first.TotalCount));
        Assert.Equal(("C shirt", 3), (Assert.Single(second!.Items).Name, second.TotalCount));
    }

    [Fact]
    public async Task Users_see_active_products_and_partners_may_ask_for_drafts()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var batch = Unique("batch");
        var draft = await partner.CreateProductAsync("Draft lamp", attributes: new() { ["batch"] = batch }, status: "Draft");
        await partner.CreateProductAsync("Active lamp", attributes: new() { ["batch"] = batch });

        var seenByAlice = await alice.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}");
        var draftsForPartner = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?attribute=batch:{batch}&status=Draft");
        using var draftsForAlice = await alice.GetAsync($"/api/products?attribute=batch:{batch}&status=Draft");
        using var draftByIdForAlice = await alice.GetAsync($"/api/products/{draft.Id}");

        Assert.Equal("Active lamp", Assert.Single(seenByAlice!.Items).Name);
        Assert.Equal(draft.Id, Assert.Single(draftsForPartner!.Items).Id);
        Assert.Equal(HttpStatusCode.Forbidden, draftsForAlice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, draftByIdForAlice.StatusCode);
    }

    [Fact]
    public async Task The_name_search_ignores_case()
    {
        var partner = await services.PartnerAsync();
        var token = Guid.NewGuid().ToString("N");
        var product = await partner.CreateProductAsync($"Robot VACUUM {token}");

        var page = await partner.GetFromJsonAsync<ProductPageDto>($"/api/products?q=robot%20vacuum%20{token.ToUpperInvariant()}");

        Assert.Equal(product.Id, Assert.Single(page!.Items).Id);
    }

    [Theory]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=2147483647", "page")]
    [InlineData("status=Sold", "status")]
    [InlineData("attribute=colour", "attribute")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string field)
    {
        var partner = await services.PartnerAsync();

        using var response = await partner.GetAsync($"/api/products?{query}");

        await response.AssertNamesFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"name":"","currency":"KRW","price":1}""", "Name")]
    [InlineData("""{"name":"Kettle","currency":"won","price":1}""", "Currency")]
    [InlineData("""{"name":"Kettle","currency":"KRW","price":-1}""", "Price")]
    [InlineData("""{"name":"Kettle","currency":"KRW","price":1.23456}""", "Price")]
    [InlineData("""{"name":"Kettle","currency":"KRW","price":1,"attributes":{"a:b":"c"}}""", "Attributes.a:b")]
    public async Task An_invalid_product_is_a_400_naming_the_field(string json, string field)
    {
        var partner = await services.PartnerAsync();

        using var response = await partner.PostAsync("/api/products", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertNamesFieldAsync(field);
    }

    [Fact]
    public async Task A_product_in_an_unknown_category_is_refused_with_422()
    {
        var partner = await services.PartnerAsync();

        using var response = await partner.PostAsJsonAsync("/api/products", new { name = "Orphan", currency = "KRW", price = 1, categoryId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_catalogue_routes()
    {
        var document = await services.Anonymous().GetStringAsync("/openapi/v1.json");

        Assert.All(
            ["/api/products", "/api/products/{id}", "/api/products/{id}/price", "/api/products/{id}/prices", "/api/products/{id}/inventory",
             "/api/products/{id}/reviews", "/api/products/quote", "/api/promotions", "/api/promotions/{id}"],
            route => Assert.Contains($"\"{route}\"", document));
    }

    [Fact]
    public async Task A_user_token_cannot_create_products()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsJsonAsync("/api/products", new { name = "Nope", currency = "KRW", price = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ProductQueryOnSqlite(SqliteServices services) : ProductQueryTests(services);

[Collection(OnPostgres.Name)]
public sealed class ProductQueryOnPostgres(PostgresServices services) : ProductQueryTests(services);
