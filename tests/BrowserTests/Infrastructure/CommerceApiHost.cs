extern alias commerce;

using commerce::Aict.CommerceApi.Catalog;
using commerce::Aict.CommerceApi.Data;
using commerce::Aict.CommerceApi.Orders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// The real CommerceApi on its own SQLite database, validating tokens against IdentityServer's discovery
/// document and JWKS over HTTP, and sharing that realm's revocation list in the test Redis.
/// </summary>
internal sealed class CommerceApiHost(Uri authority, string revocationPrefix) : WebApplicationFactory<commerce::Program>
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:commerce", _database.ConnectionString);
        builder.UseSetting("Identity:Authority", authority.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in TestRedis.Settings(revocationPrefix))
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The order total in KRW above which CommerceApi wants an MFA sign-in (its Development setting).</summary>
    public decimal MfaLimitInWon => Services.GetRequiredService<IOptions<OrdersOptions>>().Value.MfaRequiredAbove["KRW"];

    /// <summary>An active product priced in KRW, with stock in one warehouse, written straight into the catalogue.</summary>
    public async Task<Guid> SeedProductAsync(decimal price, int onHand)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var product = new Product { Name = $"Rice cooker {Guid.NewGuid():N}", Currency = "KRW", CurrentPrice = price, Status = ProductStatus.Active };
        var warehouse = new Warehouse { Code = $"W{Guid.NewGuid():N}"[..32], Name = "Browser test warehouse" };
        db.Products.Add(product);
        db.Warehouses.Add(warehouse);
        db.Inventory.Add(new InventoryItem { ProductId = product.Id, WarehouseId = warehouse.Id, OnHand = onHand });
        await db.SaveChangesAsync();
        return product.Id;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
