using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Orders;

public abstract class OrderAccessTests(CommerceServices services)
{
    [Fact]
    public async Task Another_user_gets_404_for_alices_order_and_does_not_see_it_listed()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_500m, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var bob = await services.UserAsync(DemoRealm.Bob);
        var placed = await PlaceAcceptedAsync(alice, (product, 1));

        using var read = await bob.GetAsync($"/api/orders/{placed.Id}");
        using var cancel = await bob.PostAsync($"/api/orders/{placed.Id}/cancel", content: null);
        var bobsOrders = await bob.GetFromJsonAsync<OrderPageDto>("/api/orders?pageSize=100");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.DoesNotContain(bobsOrders!.Items, o => o.Id == placed.Id);
        await WaitForStatusAsync(alice, placed.Id, "Completed");
    }

    [Fact]
    public async Task An_admin_sees_every_customers_orders()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_500m, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var admin = await services.UserAsync(DemoRealm.Admin);
        var placed = await PlaceAcceptedAsync(alice, (product, 1));

        var read = await admin.GetFromJsonAsync<OrderDto>($"/api/orders/{placed.Id}");
        var listed = await admin.GetFromJsonAsync<OrderPageDto>("/api/orders?pageSize=100");

        Assert.Equal(placed.CustomerId, read!.CustomerId);
        Assert.Contains(listed!.Items, o => o.Id == placed.Id);
    }

    [Fact]
    public async Task A_partner_sees_only_orders_it_placed_and_may_not_place_without_orders_write()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_500m, 5);
        var placed = await PlaceAcceptedAsync(await services.UserAsync(DemoRealm.Alice), (product, 1));
        var partner = await services.PartnerAsync();

        using var read = await partner.GetAsync($"/api/orders/{placed.Id}");
        var listed = await partner.GetFromJsonAsync<OrderPageDto>("/api/orders?pageSize=100");
        using var place = await PlaceAsync(partner, idempotencyKey: null, (product, 1));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain(listed!.Items, o => o.Id == placed.Id);
        Assert.Equal(HttpStatusCode.Forbidden, place.StatusCode);
        Assert.Contains("orders:write", place.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Orders_are_listed_newest_first_in_pages()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_500m, 5);
        var carol = await services.UserAsync(DemoRealm.Carol);
        var older = await PlaceAcceptedAsync(carol, (product, 1));
        var newer = await PlaceAcceptedAsync(carol, (product, 1));

        var first = await carol.GetFromJsonAsync<OrderPageDto>("/api/orders?page=1&pageSize=1");
        var second = await carol.GetFromJsonAsync<OrderPageDto>("/api/orders?page=2&pageSize=1");

        Assert.Equal(newer.Id, Assert.Single(first!.Items).Id);
        Assert.Equal(older.Id, Assert.Single(second!.Items).Id);
        Assert.True(first.TotalCount >= 2);
    }

    [Fact]
    public async Task An_order_shows_its_lines_totals_status_and_history()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_250m, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);

        var placed = await PlaceAcceptedAsync(alice, (product, 2));

        Assert.Equal("Pending", placed.History.Single().Status);
        Assert.Equal("OrderCreated", placed.History.Single().Event);
        var line = Assert.Single(placed.Lines);
        Assert.Equal((product, 2, 1_250m, 2_500m), (line.ProductId, line.Quantity, line.UnitPrice, line.LineTotal));
        Assert.Equal((2_500m, 2_500m, "KRW"), (placed.Subtotal, placed.Total, placed.Currency));
    }

    [Theory]
    [InlineData("""{"lines":[]}""", "Lines")]
    [InlineData("""{"lines":[{"productId":"0f8fad5b-d9cb-469f-a165-70867728950e","quantity":0}]}""", "Quantity")]
    [InlineData("""{"lines":[{"quantity":1}]}""", "ProductId")]
    public async Task Invalid_lines_are_a_400_naming_the_field(string body, string field)
    {
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsync("/api/orders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_order_routes()
    {
        var document = await services.Anonymous().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/orders/{id}/cancel\"", document);
        Assert.Contains("Idempotency-Key", document);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Invalid_paging_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.GetAsync($"/api/orders?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_product_is_a_422_and_places_nothing()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var key = Guid.NewGuid().ToString();

        using var response = await PlaceAsync(alice, key, (Guid.NewGuid(), 1));
        using var retry = await PlaceAsync(alice, key, (Guid.NewGuid(), 1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retry.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class OrderAccessOnSqlite(SqliteServices services) : OrderAccessTests(services);

[Collection(OnPostgres.Name)]
public sealed class OrderAccessOnPostgres(PostgresServices services) : OrderAccessTests(services);
