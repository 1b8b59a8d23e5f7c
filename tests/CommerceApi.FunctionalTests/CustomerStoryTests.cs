using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Catalog;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.CommerceApi.FunctionalTests.Orders;

namespace Aict.CommerceApi.FunctionalTests;

/// <summary>The whole story through the API only, with real tokens: partner stocks, alice buys, bob sees nothing.</summary>
public abstract class CustomerStoryTests(CommerceServices services)
{
    [Fact]
    public async Task A_partner_stocks_a_product_alice_buys_it_and_bob_cannot_see_her_order()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var bob = await services.UserAsync(DemoRealm.Bob);

        var product = await partner.CreateProductAsync(CatalogDsl.Unique("Air purifier"), price: 189_000m);
        using (var stocked = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory",
            new { warehouses = new[] { new { code = "SEL-1", name = "Seoul 1", onHand = 5 } } }))
        {
            Assert.Equal(HttpStatusCode.OK, stocked.StatusCode);
        }

        var browsed = await alice.GetFromJsonAsync<ProductDto>($"/api/products/{product.Id}");
        Assert.Equal(189_000m, browsed!.Price);

        var placed = await OrderScenario.PlaceAcceptedAsync(alice, (product.Id, 2));
        var completed = await OrderScenario.WaitForStatusAsync(alice, placed.Id, "Completed");
        Assert.Equal(378_000m, completed.Total);

        var stock = await partner.GetFromJsonAsync<InventoryDto>($"/api/products/{product.Id}/inventory");
        Assert.Equal((3, 0), (stock!.OnHand, stock.Reserved));
        using var bobLooks = await bob.GetAsync($"/api/orders/{placed.Id}");
        Assert.Equal(HttpStatusCode.NotFound, bobLooks.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CustomerStoryOnSqlite(SqliteServices services) : CustomerStoryTests(services);

[Collection(OnPostgres.Name)]
public sealed class CustomerStoryOnPostgres(PostgresServices services) : CustomerStoryTests(services);
