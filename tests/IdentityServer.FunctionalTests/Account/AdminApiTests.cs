using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The admin API: find users, lock and unlock them, end their sessions, reset MFA, revoke a client's tokens.</summary>
public abstract class AdminApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_user_without_the_admin_role_is_refused_with_403_problem_details()
    {
        var portal = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);

        using var response = await portal.Api.GetAsync("/api/admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_admin_demoted_after_the_token_was_issued_is_refused_at_once()
    {
        var demoted = await MfaUsers.EnrolTotpAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        var portal = await PortalSession.SignInAsync(Factory, demoted);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.RemoveFromRoleAsync((await users.FindByEmailAsync(demoted.Email))!, "admin");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await portal.Api.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_from_someone_else_lock_an_admin_out_of_new_sign_ins_but_not_out_of_the_api()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        var portal = await PortalSession.SignInAsync(Factory, admin);
        var attacker = new CodeFlow(Factory);
        var page = await attacker.Browser.GoAsync("/account/login");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            page = await attacker.Browser.SignInAsync(page, admin.Email, $"Wrong#{attempt}");
        }

        using var response = await portal.Api.GetAsync($"/api/admin/users?query={Uri.EscapeDataString(admin.Email)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.True(summary.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task An_admin_finds_users_by_e_mail_with_their_lockout_mfa_and_session_count()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        await PortalSession.SignInAsync(Factory, user);

        var found = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users?query={Uri.EscapeDataString(user.Email)}");

        var summary = Assert.Single(found.EnumerateArray());
        Assert.Equal(user.Email, summary.GetProperty("email").GetString());
        Assert.False(summary.GetProperty("lockedOut").GetBoolean());
        Assert.False(summary.GetProperty("mfaEnabled").GetBoolean());
        Assert.Equal(1, summary.GetProperty("activeSessions").GetInt32());
    }

    [Fact]
    public async Task Locking_a_user_ends_their_sessions_and_refuses_sign_in_until_unlocked()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var victim = await PortalSession.SignInAsync(Factory, user);
        var userId = await TestUsers.IdOfAsync(Factory, user);

        using var locked = await admin.Api.PostAsync($"/api/admin/users/{userId}/lock", null);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal("login_required", (await victim.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Equal("invalid_grant", (await victim.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, victim.Tokens.RefreshToken!)).Error);
        var flow = new CodeFlow(Factory);
        var page = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.SsoPortal).Url), user.Email, user.Password);
        Assert.Null(page.LeftTo);
        Assert.Equal("/account/login", page.Path);

        Assert.Equal(HttpStatusCode.OK, (await admin.Api.PostAsync($"/api/admin/users/{userId}/unlock", null)).StatusCode);
        await PortalSession.SignInAsync(Factory, user);
    }

    [Fact]
    public async Task Signing_a_user_out_everywhere_ends_each_of_their_sessions()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var first = await PortalSession.SignInAsync(Factory, user);
        var second = await PortalSession.SignInAsync(Factory, user);

        using var response = await admin.Api.PostAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, user)}/sign-out-everywhere", null);

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal("login_required", (await first.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Equal("login_required", (await second.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        var activity = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, user)}/sessions");
        Assert.Empty(activity.EnumerateArray());
    }

    [Fact]
    public async Task Resetting_mfa_turns_two_factor_off_and_ends_the_users_sessions()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var victim = await PortalSession.SignInAsync(Factory, user);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = (await users.FindByIdAsync(userId))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
        }

        using var response = await admin.Api.PostAsync($"/api/admin/users/{userId}/mfa/reset", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}");
        Assert.False(summary.GetProperty("mfaEnabled").GetBoolean());
        Assert.Equal("login_required", (await victim.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
    }

    [Fact]
    public async Task Actions_on_an_unknown_user_or_client_are_404_problems()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.PostAsync("/api/admin/users/no-such-user/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.GetAsync("/api/admin/users/no-such-user/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.PostAsync("/api/admin/clients/no-such-client/revoke-tokens", null)).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class AdminApiTestsOnSqlite(SqliteServer server) : AdminApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class AdminApiTestsOnPostgres(PostgresServer server) : AdminApiTests(server);
