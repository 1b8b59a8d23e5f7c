using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class InventoryTests(CommerceServices services)
{
    [Fact]
    public async Task Setting_inventory_creates_warehouses_by_code_and_totals_them()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Fridge"));

        using var set = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory",
            new { warehouses = new object[] { new { code = "icn-1", name = "Incheon", onHand = 10 }, new { code = "PUS-1", onHand = 5 } } });
        using var changed = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "PUS-1", onHand = 7 } } });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var inventory = await changed.Content.ReadFromJsonAsync<InventoryDto>();
        Assert.Equal(["ICN-1", "PUS-1"], inventory!.Warehouses.Select(w => w.WarehouseCode));
        Assert.Equal((17, 0, 17), (inventory.OnHand, inventory.Reserved, inventory.Available));
    }

    [Fact]
    public async Task On_hand_can_never_go_below_what_orders_have_reserved()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Fridge"));
        using var set = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 10 } } });
        // The order saga reserves stock; here the row is changed the way it would.
        await services.InDatabaseAsync(async db =>
        {
            var item = await db.Inventory.SingleAsync(i => i.ProductId == product.Id);
            item.Reserved = 4;
            item.Version++;
        });

        using var refused = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 3 } } });
        using var allowed = await partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 4 } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var inventory = await allowed.Content.ReadFromJsonAsync<InventoryDto>();
        Assert.Equal((4, 4, 0), (inventory!.OnHand, inventory.Reserved, inventory.Available));
    }

    [Fact]
    public async Task Concurrent_first_stockings_of_a_new_warehouse_never_fail_with_500()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Fridge"));
        var code = $"W{Guid.NewGuid():N}"[..20].ToUpperInvariant();

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            partner.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code, onHand = i } } })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var inventory = await partner.GetFromJsonAsync<InventoryDto>($"/api/products/{product.Id}/inventory");
        Assert.InRange(Assert.Single(inventory!.Warehouses).OnHand, 1, 5);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("""{"warehouses":[{"code":"ICN 1","onHand":1}]}""", "Warehouses[0].Code")]
    [InlineData("""{"warehouses":[{"code":"ICN-1","onHand":-1}]}""", "Warehouses[0].OnHand")]
    [InlineData("""{"warehouses":[{"code":"ICN-1","onHand":1},{"code":"icn-1","onHand":2}]}""", "Warehouses")]
    [InlineData("""{"warehouses":[]}""", "Warehouses")]
    public async Task Invalid_inventory_is_a_400_naming_the_field(string json, string field)
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Fridge"));

        using var response = await partner.PutAsync($"/api/products/{product.Id}/inventory", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertNamesFieldAsync(field);
    }

    [Fact]
    public async Task Users_cannot_set_inventory_and_unknown_products_are_404()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var product = await partner.CreateProductAsync(Unique("Fridge"));

        using var byAlice = await alice.PutAsJsonAsync($"/api/products/{product.Id}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 1 } } });
        using var unknown = await partner.PutAsJsonAsync($"/api/products/{Guid.NewGuid()}/inventory", new { warehouses = new[] { new { code = "ICN-1", onHand = 1 } } });

        Assert.Equal(HttpStatusCode.Forbidden, byAlice.StatusCode);
        Assert.Contains("inventory:write", byAlice.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class InventoryOnSqlite(SqliteServices services) : InventoryTests(services);

[Collection(OnPostgres.Name)]
public sealed class InventoryOnPostgres(PostgresServices services) : InventoryTests(services);
