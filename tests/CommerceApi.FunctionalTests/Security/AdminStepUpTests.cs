using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.CommerceApi.FunctionalTests.Orders;
using Aict.CommerceApi.FunctionalTests.Revocation;
using Microsoft.IdentityModel.JsonWebTokens;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Security;

/// <summary>
/// Admin rights (every customer's orders and reservations, every product status) need a sign-in with MFA
/// within <c>AdminAccess:RecentSignInWindow</c>; short of that, RFC 9470's step-up challenge. Each test
/// runs its own CommerceApi with the default window: other tests move the shared instance's clock.
/// </summary>
public abstract class AdminStepUpTests(CommerceServices services, Func<TestDatabase> database)
{
    [Fact]
    public async Task A_password_only_admin_token_gets_the_step_up_challenge_where_admin_rights_would_apply()
    {
        await using var instance = await OwnApiAsync();
        var product = await SeedProductAsync(instance.Services, 1_500m, 5);
        var placed = await PlaceAcceptedAsync(instance.CreateClient(await TokenAsync(await TestUsers.CreateAsync(services.Identity))), (product, 1));
        var passwordOnly = await TestUsers.CreateAsync(services.Identity, role: "admin");
        using var admin = instance.CreateClient(await TokenAsync(passwordOnly));

        using var list = await admin.GetAsync("/api/orders");
        using var read = await admin.GetAsync($"/api/orders/{placed.Id}");

        foreach (var refused in new[] { list, read })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var challenge = refused.Headers.WwwAuthenticate.ToString();
            Assert.StartsWith("Bearer error=\"insufficient_user_authentication\", error_description=\"", challenge);
            Assert.EndsWith("acr_values=\"urn:aict:loa:2\"", challenge);
            Assert.Equal("urn:aict:loa:2", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acr_values").GetString());
        }

        // What needs no admin rights still works: the token is good, the sign-in only too weak for administration.
        using var categories = await admin.GetAsync("/api/categories");
        Assert.Equal(HttpStatusCode.OK, categories.StatusCode);
    }

    [Fact]
    public async Task An_mfa_admin_whose_sign_in_is_older_than_the_window_gets_the_max_age_challenge()
    {
        await using var instance = await OwnApiAsync();
        var token = await TokenAsync(DemoRealm.Admin);
        using var admin = instance.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/orders")).StatusCode);

        // Eleven minutes after the sign-in (the window is ten); IdentityServer's test clock may run ahead of this one.
        var signedInAt = DateTimeOffset.FromUnixTimeSeconds(new JsonWebToken(token).GetPayloadValue<long>("auth_time"));
        instance.Clock.Advance(signedInAt + TimeSpan.FromMinutes(11) - instance.Clock.GetUtcNow());
        using var stale = await admin.GetAsync("/api/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.EndsWith("acr_values=\"urn:aict:loa:2\", max_age=600", stale.Headers.WwwAuthenticate.ToString());
        Assert.Equal(600, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("max_age").GetInt32());
    }

    [Fact]
    public async Task A_recent_mfa_admin_sees_every_customers_orders()
    {
        await using var instance = await OwnApiAsync();
        var product = await SeedProductAsync(instance.Services, 1_500m, 5);
        var placed = await PlaceAcceptedAsync(instance.CreateClient(await TokenAsync(await TestUsers.CreateAsync(services.Identity))), (product, 1));
        using var admin = instance.CreateClient(await TokenAsync(DemoRealm.Admin));

        var read = await admin.GetFromJsonAsync<OrderDto>($"/api/orders/{placed.Id}");
        var listed = await admin.GetFromJsonAsync<OrderPageDto>("/api/orders?pageSize=100");

        Assert.Equal(placed.CustomerId, read!.CustomerId);
        Assert.Contains(listed!.Items, o => o.Id == placed.Id);
    }

    // A fresh customer each time: other tests revoke the demo users' earlier tokens in this realm.
    // The fixture's tokens, signed in once: each further sign-in with the same authenticator moves IdentityServer's
    // clock to the next time step, and tokens from a clock far ahead of this API's are not yet valid here.
    private Task<string> TokenAsync(DemoUser user) => services.UserTokenAsync(user);

    private async Task<OwnApi> OwnApiAsync()
    {
        var api = new OwnApi(services.Identity, database(), settings: null);
        using var health = api.CreateClient(accessToken: null);
        (await health.GetAsync("/alive")).EnsureSuccessStatusCode();
        return api;
    }
}

[Collection(OnSqlite.Name)]
public sealed class AdminStepUpTestsOnSqlite(SqliteServices services) : AdminStepUpTests(services, TestDatabase.Sqlite);

[Collection(OnPostgres.Name)]
public sealed class AdminStepUpTestsOnPostgres(PostgresServices services) : AdminStepUpTests(services, TestDatabase.Postgres);
