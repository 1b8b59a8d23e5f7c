using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>
/// The admin API wants a sign-in with MFA within <c>Mfa:RecentSignInWindow</c>: an admin short of it gets
/// RFC 9470's step-up challenge and nothing is done.
/// </summary>
public abstract class AdminStepUpTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_password_only_admin_token_gets_the_step_up_challenge_for_mfa()
    {
        var admin = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        Assert.Equal("urn:aict:loa:1", new JsonWebToken(admin.Tokens.AccessToken).GetClaim("acr").Value);

        using var response = await admin.Api.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"insufficient_user_authentication\", error_description=\"", challenge);
        Assert.EndsWith("acr_values=\"urn:aict:loa:2\"", challenge);
        Assert.DoesNotContain("max_age", challenge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("insufficient_user_authentication", problem.GetProperty("error").GetString());
        // Nothing was done: an action is refused the same way.
        using var locked = await admin.Api.PostAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, DemoRealm.Carol)}/lock", null);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await PortalSession.SignInAsync(Factory, DemoRealm.Admin)).Api
            .GetAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, DemoRealm.Carol)}")).StatusCode);
        Assert.False(await IsLockedAsync(DemoRealm.Carol));
    }

    [Fact]
    public async Task An_mfa_admin_whose_sign_in_is_older_than_the_window_gets_the_max_age_challenge_then_steps_up()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Api.GetAsync("/api/admin/users")).StatusCode);

        // Refreshed tokens keep the sign-in's auth_time: eleven minutes on, the token is fresh but the sign-in is not.
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var refreshed = await admin.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, admin.Tokens.RefreshToken!);
        using var api = Factory.CreateBackChannel();
        api.DefaultRequestHeaders.Authorization = new("Bearer", refreshed.AccessToken);
        using var response = await api.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_user_authentication\"", challenge);
        Assert.EndsWith("acr_values=\"urn:aict:loa:2\", max_age=600", challenge);
        Assert.Equal(600, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("max_age").GetInt32());

        var again = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        Assert.Equal(HttpStatusCode.OK, (await again.Api.GetAsync("/api/admin/users")).StatusCode);
    }

    private async Task<bool> IsLockedAsync(DemoUser user)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsLockedOutAsync((await users.FindByEmailAsync(user.Email))!);
    }
}

// Servers of their own: these tests move the clock past the recent-sign-in window.
public sealed class AdminStepUpTestsOnSqlite(SqliteServer server) : AdminStepUpTests(server), IClassFixture<SqliteServer>;

public sealed class AdminStepUpTestsOnPostgres(PostgresServer server) : AdminStepUpTests(server), IClassFixture<PostgresServer>;
