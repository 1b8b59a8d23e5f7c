extern alias commerce;

using System.Net;
using System.Text.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Catalog;
using commerce::Aict.CommerceApi.Data;
using commerce::Aict.CommerceApi.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.StepUp;

/// <summary>Orders above Orders:MfaRequiredAbove need a token from an MFA sign-in; without one, RFC 9470's challenge.</summary>
public abstract class LargeOrderStepUpTests(CommerceServices services)
{
    /// <summary>The Development default the API runs with: 1,000,000 KRW.</summary>
    private decimal Limit => services.Api.Services.GetRequiredService<IOptions<OrdersOptions>>().Value.MfaRequiredAbove["KRW"];

    [Fact]
    public async Task A_large_order_with_a_password_only_token_gets_the_step_up_challenge_and_stores_nothing()
    {
        var product = await SeedProductAsync(services.Api.Services, Limit / 2 + 1, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var stockBefore = await StockAsync(services.Api.Services, product);

        using var response = await PlaceAsync(alice, idempotencyKey: "large-order", (product, 2));
        using var retry = await PlaceAsync(alice, idempotencyKey: "large-order", (product, 2));

        var description = $"Orders above {Limit:0} KRW require a sign-in with multi-factor authentication.";
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ChallengeSaying(description), Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("insufficient_user_authentication", problem.RootElement.GetProperty("error").GetString());
        Assert.Equal("urn:aict:loa:2", problem.RootElement.GetProperty("acr_values").GetString());
        Assert.Equal(description, problem.RootElement.GetProperty("detail").GetString());
        // The key was not spent on the refusal: the retry is refused the same way, not answered with an order.
        Assert.Equal(HttpStatusCode.Unauthorized, retry.StatusCode);
        Assert.Equal(0, await OrdersOfAsync(product));
        Assert.Equal(stockBefore, await StockAsync(services.Api.Services, product));
    }

    [Fact]
    public async Task The_same_large_order_goes_through_with_a_token_from_an_mfa_sign_in()
    {
        var product = await SeedProductAsync(services.Api.Services, Limit / 2 + 1, 5);
        // Bob answers the TOTP challenge on IdentityServer's /Account/Mfa page with a code from the demo secret.
        var token = await services.UserTokenAsync(DemoRealm.Bob);
        using var refused = await PlaceAsync(await services.UserAsync(DemoRealm.Alice), idempotencyKey: null, (product, 2));

        using var placed = await PlaceAsync(services.Api.CreateClient(token), idempotencyKey: null, (product, 2));

        Assert.Equal("urn:aict:loa:2", new JsonWebToken(token).GetPayloadValue<string>("acr"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        Assert.Equal(1, await OrdersOfAsync(product));
    }

    [Fact]
    public async Task Orders_up_to_the_limit_go_through_with_the_same_password_only_token()
    {
        var product = await SeedProductAsync(services.Api.Services, Limit / 2, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var small = await PlaceAsync(alice, idempotencyKey: null, (product, 1));
        using var exactlyTheLimit = await PlaceAsync(alice, idempotencyKey: null, (product, 2));

        Assert.Equal(HttpStatusCode.Accepted, small.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, exactlyTheLimit.StatusCode);
        Assert.Equal(2, await OrdersOfAsync(product));
    }

    [Fact]
    public async Task An_order_in_a_currency_without_a_configured_limit_always_needs_mfa()
    {
        var product = await SeedProductPricedInAsync("JPY", 1m);
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await PlaceAsync(alice, idempotencyKey: null, (product, 1));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ChallengeSaying("Orders in JPY require a sign-in with multi-factor authentication."),
            response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, await OrdersOfAsync(product));
    }

    [Fact]
    public async Task A_partner_places_a_large_order_without_step_up_as_no_user_signed_in()
    {
        var product = await SeedProductAsync(services.Api.Services, Limit, 5);
        var partner = services.Api.CreateClient(await PartnerWithOrdersWrite.TokenAsync(services.Identity));

        using var response = await PlaceAsync(partner, idempotencyKey: null, (product, 2));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await OrdersOfAsync(product));
    }

    private static string ChallengeSaying(string description) =>
        $"Bearer error=\"insufficient_user_authentication\", error_description=\"{description}\", acr_values=\"urn:aict:loa:2\"";

    private async Task<int> OrdersOfAsync(Guid productId)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        return await db.Orders.CountAsync(o => o.Lines.Any(l => l.ProductId == productId));
    }

    private async Task<Guid> SeedProductPricedInAsync(string currency, decimal price)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var product = new Product { Name = $"Teapot {Guid.NewGuid():N}", Currency = currency, CurrentPrice = price, Status = ProductStatus.Active };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }
}

[Collection(OnSqlite.Name)]
public sealed class LargeOrderStepUpOnSqlite(SqliteServices services) : LargeOrderStepUpTests(services);

[Collection(OnPostgres.Name)]
public sealed class LargeOrderStepUpOnPostgres(PostgresServices services) : LargeOrderStepUpTests(services);
