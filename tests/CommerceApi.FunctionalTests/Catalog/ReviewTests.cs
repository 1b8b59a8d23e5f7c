using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class ReviewTests(CommerceServices services)
{
    [Fact]
    public async Task Reviews_come_newest_first_with_their_average()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"));
        var alice = await services.UserAsync(DemoRealm.Alice);
        var admin = await services.UserAsync(DemoRealm.Admin);

        using var first = await alice.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 5, title = "Great", body = "Quiet and light." });
        using var second = await admin.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 2, body = "Too tight." });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var page = await alice.GetFromJsonAsync<ReviewPageDto>($"/api/products/{product.Id}/reviews");
        Assert.Equal([2, 5], page!.Items.Select(r => r.Rating));
        Assert.Equal((2, 3.5), (page.TotalCount, page.AverageRating));
        var paged = await alice.GetFromJsonAsync<ReviewPageDto>($"/api/products/{product.Id}/reviews?page=2&pageSize=1");
        Assert.Equal(5, Assert.Single(paged!.Items).Rating);
    }

    [Fact]
    public async Task A_second_review_by_the_same_user_is_409()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"));
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var first = await alice.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 4 });
        using var second = await alice.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 1 });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task A_partner_cannot_write_a_review()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"));

        using var response = await partner.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 5 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task A_rating_outside_one_to_five_is_a_400_naming_it(int rating)
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"));
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating });

        await response.AssertNamesFieldAsync("Rating");
    }

    [Fact]
    public async Task A_bad_review_page_is_a_400_naming_the_parameter()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"));

        using var response = await partner.GetAsync($"/api/products/{product.Id}/reviews?pageSize=101");

        await response.AssertNamesFieldAsync("pageSize");
    }

    [Fact]
    public async Task A_draft_product_cannot_be_reviewed_by_users()
    {
        var partner = await services.PartnerAsync();
        var product = await partner.CreateProductAsync(Unique("Headphones"), status: "Draft");
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsJsonAsync($"/api/products/{product.Id}/reviews", new { rating = 3 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ReviewOnSqlite(SqliteServices services) : ReviewTests(services);

[Collection(OnPostgres.Name)]
public sealed class ReviewOnPostgres(PostgresServices services) : ReviewTests(services);
