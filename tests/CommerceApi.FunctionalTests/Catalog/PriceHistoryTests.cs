using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class PriceHistoryTests(CommerceServices services)
{
    [Fact]
    public async Task The_price_at_an_instant_is_the_one_in_force_before_or_after_a_change()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var product = await partner.CreateProductAsync(Unique("Blender"), price: 100m);
        using var changed = await ProductUpdateTests.PutAsync(partner, product.Id, "\"1\"", ProductUpdateTests.Update(product, product.Name, 120m));
        var updated = await changed.Content.ReadFromJsonAsync<ProductDto>();

        var before = await alice.GetFromJsonAsync<PriceDto>($"/api/products/{product.Id}/price?at={Instant(product.CreatedAt)}");
        var after = await alice.GetFromJsonAsync<PriceDto>($"/api/products/{product.Id}/price?at={Instant(updated!.UpdatedAt)}");
        var now = await alice.GetFromJsonAsync<PriceDto>($"/api/products/{product.Id}/price");
        using var beforeCreation = await alice.GetAsync($"/api/products/{product.Id}/price?at={Instant(product.CreatedAt.AddDays(-1))}");

        Assert.Equal((100m, updated.UpdatedAt), (before!.Amount, before.EffectiveTo!.Value));
        Assert.Equal((120m, (DateTimeOffset?)null), (after!.Amount, after.EffectiveTo));
        Assert.Equal(120m, now!.Amount);
        Assert.Equal(HttpStatusCode.NotFound, beforeCreation.StatusCode);
    }

    [Fact]
    public async Task A_future_price_waits_for_its_instant_and_a_back_dated_one_fills_the_gap()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Blender"), price: 100m);
        var created = product.CreatedAt;

        using var future = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 80m, effectiveFrom = created.AddDays(30) });
        using var split = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 95m, effectiveFrom = created.AddDays(10) });
        using var backDated = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 90m, effectiveFrom = created.AddDays(-10) });

        Assert.All(new[] { future, split, backDated }, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var history = await partner.GetFromJsonAsync<PriceDto[]>($"/api/products/{product.Id}/prices");
        Assert.Equal(
            [(90m, created.AddDays(-10), (DateTimeOffset?)created), (100m, created, created.AddDays(10)), (95m, created.AddDays(10), created.AddDays(30)), (80m, created.AddDays(30), null)],
            history!.Select(p => (p.Amount, p.EffectiveFrom, p.EffectiveTo)));
        Assert.Equal(100m, (await partner.GetFromJsonAsync<ProductDto>($"/api/products/{product.Id}"))!.Price);
        Assert.Equal(80m, (await partner.GetFromJsonAsync<PriceDto>($"/api/products/{product.Id}/price?at={Instant(created.AddDays(31))}"))!.Amount);
    }

    [Fact]
    public async Task Scheduling_a_price_moves_the_ETag_and_honours_If_Match()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Blender"), price: 100m);
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{product.Id}/prices")
        {
            Content = JsonContent.Create(new { amount = 70m, effectiveFrom = product.CreatedAt.AddDays(5) }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        using var refused = await partner.SendAsync(stale);
        using var scheduled = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 70m, effectiveFrom = product.CreatedAt.AddDays(5) });
        using var again = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 60m, effectiveFrom = product.CreatedAt.AddDays(5) });

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("\"2\"", scheduled.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_scheduled_price_without_effectiveFrom_is_a_400_naming_it()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Blender"));

        using var response = await partner.PostAsJsonAsync($"/api/products/{product.Id}/prices", new { amount = 70m });

        await response.AssertNamesFieldAsync("EffectiveFrom");
    }

    [Fact]
    public async Task An_instant_that_is_not_ISO_8601_is_a_400_naming_at()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Blender"));

        using var response = await partner.GetAsync($"/api/products/{product.Id}/price?at=yesterday");

        await response.AssertNamesFieldAsync("at");
    }

    [Fact]
    public async Task The_price_of_an_unknown_product_is_404()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.GetAsync($"/api/products/{Guid.NewGuid()}/price");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class PriceHistoryOnSqlite(SqliteServices services) : PriceHistoryTests(services);

[Collection(OnPostgres.Name)]
public sealed class PriceHistoryOnPostgres(PostgresServices services) : PriceHistoryTests(services);
