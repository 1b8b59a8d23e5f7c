extern alias commerce;

using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Orders;
using static Aict.CommerceApi.FunctionalTests.Catalog.CatalogDsl;

namespace Aict.CommerceApi.FunctionalTests.Catalog;

public abstract class PromotionPricingTests(CommerceServices services)
{
    private static readonly DateTimeOffset Running = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly DateTimeOffset Until = DateTimeOffset.UtcNow.AddDays(30);

    [Fact]
    public async Task A_percentage_discount_applies_to_every_unit()
    {
        var (partner, product) = await ProductAsync(200m);
        var promotion = await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 10m)));

        var quote = await (await services.UserAsync(DemoRealm.Alice)).QuoteAsync(product, 2);

        Assert.Equal((400m, 40m, 360m), (quote.Subtotal, quote.Discount, quote.Total));
        Assert.Equal([promotion], Assert.Single(quote.Lines).AppliedPromotions);
    }

    [Fact]
    public async Task A_fixed_discount_is_per_unit_and_never_makes_a_price_negative()
    {
        var (partner, product) = await ProductAsync(200m);
        var (_, cheap) = await ProductAsync(10m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("FixedAmount", 15m)));
        await partner.CreatePromotionAsync(Promotion(cheap, Rule("FixedAmount", 15m)));
        var alice = await services.UserAsync(DemoRealm.Alice);

        var fixedQuote = await alice.QuoteAsync(product, 3);
        var cappedQuote = await alice.QuoteAsync(cheap, 2);

        Assert.Equal((45m, 555m), (fixedQuote.Discount, fixedQuote.Total));
        Assert.Equal((20m, 0m), (cappedQuote.Discount, cappedQuote.Total));
    }

    [Fact]
    public async Task A_minimum_quantity_rule_applies_only_from_that_quantity()
    {
        var (partner, product) = await ProductAsync(100m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 20m, minQuantity: 3)));
        var alice = await services.UserAsync(DemoRealm.Alice);

        Assert.Equal(0m, (await alice.QuoteAsync(product, 2)).Discount);
        Assert.Equal(60m, (await alice.QuoteAsync(product, 3)).Discount);
    }

    [Fact]
    public async Task The_best_single_promotion_wins_and_discounts_do_not_stack()
    {
        var (partner, product) = await ProductAsync(200m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 10m)));
        var better = await partner.CreatePromotionAsync(Promotion(product, Rule("FixedAmount", 30m)));

        var line = Assert.Single((await (await services.UserAsync(DemoRealm.Alice)).QuoteAsync(product, 1)).Lines);

        Assert.Equal((30m, better), (line.Discount, Assert.Single(line.AppliedPromotions)));
    }

    [Fact]
    public async Task A_minimum_order_amount_counts_the_order_before_discounts()
    {
        var (partner, product) = await ProductAsync(200m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("FixedAmount", 10m), Condition("MinOrderAmount", "1000")));
        var alice = await services.UserAsync(DemoRealm.Alice);

        Assert.Equal(0m, (await alice.QuoteAsync(product, 4)).Discount);
        Assert.Equal(50m, (await alice.QuoteAsync(product, 5)).Discount);
    }

    [Fact]
    public async Task A_role_promotion_applies_to_an_admin_and_not_to_alice()
    {
        var (partner, product) = await ProductAsync(200m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 50m), Condition("CustomerRole", "admin")));

        Assert.Equal(100m, (await (await services.UserAsync(DemoRealm.Admin)).QuoteAsync(product, 1)).Discount);
        Assert.Equal(0m, (await (await services.UserAsync(DemoRealm.Alice)).QuoteAsync(product, 1)).Discount);
    }

    [Fact]
    public async Task A_channel_promotion_applies_only_through_that_client()
    {
        var (partner, product) = await ProductAsync(200m);
        var web = await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 5m), Condition("Channel", DemoRealm.ChannelWeb.ClientId)));
        await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 25m), Condition("Channel", DemoRealm.ChannelMobile.ClientId)));

        var line = Assert.Single((await (await services.UserAsync(DemoRealm.Alice)).QuoteAsync(product, 1)).Lines);

        Assert.Equal((10m, web), (line.Discount, Assert.Single(line.AppliedPromotions)));
    }

    [Fact]
    public async Task A_first_order_promotion_stops_once_the_customer_has_a_completed_order()
    {
        var (partner, product) = await ProductAsync(200m);
        await partner.CreatePromotionAsync(Promotion(product, Rule("FixedAmount", 20m), Condition("FirstOrder", "")));
        var token = await services.UserTokenAsync(DemoRealm.Carol);
        var carol = services.Api.CreateClient(token);

        var first = await carol.QuoteAsync(product, 1);
        await services.InDatabaseAsync(db =>
        {
            db.Orders.Add(new Order { CustomerId = SubjectOf(token), ClientId = DemoRealm.ChannelWeb.ClientId, Currency = "KRW", Status = OrderStatus.Completed });
            return Task.CompletedTask;
        });
        var later = await carol.QuoteAsync(product, 1);

        Assert.Equal(20m, first.Discount);
        Assert.Equal(0m, later.Discount);
    }

    [Fact]
    public async Task An_expired_promotion_is_not_applied_and_users_no_longer_see_it()
    {
        var (partner, product) = await ProductAsync(200m);
        var expired = await partner.CreatePromotionAsync(Promotion(product, Rule("Percentage", 10m)) with
        {
            StartsAt = DateTimeOffset.UtcNow.AddDays(-10),
            EndsAt = DateTimeOffset.UtcNow.AddDays(-1),
        });
        var alice = await services.UserAsync(DemoRealm.Alice);

        var quote = await alice.QuoteAsync(product, 1);
        var seenByAlice = await alice.GetFromJsonAsync<PromotionDto[]>("/api/promotions");
        using var byIdForAlice = await alice.GetAsync($"/api/promotions/{expired}");
        var seenByPartner = await partner.GetFromJsonAsync<PromotionDto[]>("/api/promotions");

        Assert.Equal(0m, quote.Discount);
        Assert.DoesNotContain(seenByAlice!, p => p.Id == expired);
        Assert.Equal(HttpStatusCode.NotFound, byIdForAlice.StatusCode);
        Assert.Contains(seenByPartner!, p => p.Id == expired);
    }

    [Theory]
    [InlineData("""{"name":"Bad","startsAt":"2026-12-01T00:00:00Z","endsAt":"2026-11-01T00:00:00Z","productIds":["PRODUCT"],"rules":[{"kind":"Percentage","value":10}]}""", "EndsAt")]
    [InlineData("""{"name":"Bad","startsAt":"2026-11-01T00:00:00Z","endsAt":"2026-12-01T00:00:00Z","productIds":["PRODUCT"],"rules":[{"kind":"Percentage","value":120}]}""", "Rules[0].Value")]
    [InlineData("""{"name":"Bad","startsAt":"2026-11-01T00:00:00Z","endsAt":"2026-12-01T00:00:00Z","productIds":["PRODUCT"],"rules":[]}""", "Rules")]
    [InlineData("""{"name":"Bad","startsAt":"2026-11-01T00:00:00Z","endsAt":"2026-12-01T00:00:00Z","productIds":["PRODUCT"],"rules":[{"kind":"FixedAmount","value":5}],"conditions":[{"kind":"MinOrderAmount","value":"lots"}]}""", "Conditions[0].Value")]
    public async Task An_invalid_promotion_is_a_400_naming_the_field(string json, string field)
    {
        var (partner, product) = await ProductAsync(100m);

        using var response = await partner.PostAsync("/api/promotions",
            new StringContent(json.Replace("PRODUCT", product.ToString(), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        await response.AssertNamesFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"lines":[]}""", "Lines")]
    [InlineData("""{"lines":[{"productId":"PRODUCT","quantity":0}]}""", "Lines[0].Quantity")]
    [InlineData("""{"lines":[{"quantity":1}]}""", "Lines[0].ProductId")]
    public async Task An_invalid_quote_is_a_400_naming_the_field(string json, string field)
    {
        var (_, product) = await ProductAsync(100m);
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsync("/api/products/quote",
            new StringContent(json.Replace("PRODUCT", product.ToString(), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        await response.AssertNamesFieldAsync(field);
    }

    [Fact]
    public async Task Quoting_a_draft_product_is_422()
    {
        var partner = await services.PartnerAsync();
        var draft = await partner.CreateProductAsync(Unique("Drone"), status: "Draft");

        using var response = await (await services.UserAsync(DemoRealm.Alice)).PostAsJsonAsync("/api/products/quote",
            new { lines = new[] { new { productId = draft.Id, quantity = 1 } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    private async Task<(HttpClient Partner, Guid Product)> ProductAsync(decimal price)
    {
        var partner = await services.PartnerAsync();
        return (partner, (await partner.CreateProductAsync(Unique("Espresso machine"), price: price)).Id);
    }

    private static PromotionBody Promotion(Guid product, RuleBody rule, params ConditionBody[] conditions) =>
        new(Unique("Promotion"), Running, Until, [product], [rule], conditions);

    private static RuleBody Rule(string kind, decimal value, int minQuantity = 1) => new(kind, value, minQuantity);

    private static ConditionBody Condition(string kind, string value) => new(kind, value);

    private sealed record PromotionBody(string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid[] ProductIds, RuleBody[] Rules, ConditionBody[] Conditions);

    private sealed record RuleBody(string Kind, decimal Value, int MinQuantity);

    private sealed record ConditionBody(string Kind, string Value);

    private sealed record PromotionDto(Guid Id, string Name);
}

[Collection(OnSqlite.Name)]
public sealed class PromotionPricingOnSqlite(SqliteServices services) : PromotionPricingTests(services);

[Collection(OnPostgres.Name)]
public sealed class PromotionPricingOnPostgres(PostgresServices services) : PromotionPricingTests(services);
