using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The account API: the user's own sessions, ended one or all, and the password.</summary>
public abstract class AccountApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Without_a_token_the_account_api_answers_401_with_a_bearer_challenge()
    {
        using var client = Factory.CreateBackChannel();

        using var response = await client.GetAsync("/api/account/sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_without_the_account_scope_is_refused_with_403()
    {
        var tokens = await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid products:read"), DemoRealm.Alice);
        using var client = Factory.CreateBackChannel();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await client.GetAsync("/api/account/sessions");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
    }

    [Fact]
    public async Task The_session_list_shows_each_running_session_of_the_user_with_its_device_and_apps_and_marks_the_current_one()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var phone = new CodeFlow(Factory);
        phone.Browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd("AictPhone/1.0");
        await phone.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);
        await PortalSession.SignInAsync(Factory, DemoRealm.Carol);

        var sessions = await ListAsync(portal);

        Assert.Equal(2, sessions.Count);
        var current = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        Assert.Equal(portal.SessionId, current.GetProperty("id").GetString());
        Assert.Equal("sso-portal", current.GetProperty("clients")[0].GetProperty("clientId").GetString());
        var other = Assert.Single(sessions, s => !s.GetProperty("current").GetBoolean());
        Assert.Equal("AictPhone/1.0", other.GetProperty("userAgent").GetString());
        Assert.Equal("Channel Web", other.GetProperty("clients")[0].GetProperty("displayName").GetString());
        Assert.Equal("pwd", other.GetProperty("methods")[0].GetString());
    }

    [Fact]
    public async Task Ending_another_session_signs_that_browser_out_and_kills_its_refresh_token()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var other = await PortalSession.SignInAsync(Factory, user);

        using var ended = await portal.Api.DeleteAsync($"/api/account/sessions/{other.SessionId}");

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal("login_required", (await other.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Equal("invalid_grant", (await other.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, other.Tokens.RefreshToken!)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Api.GetAsync("/api/account/sessions")).StatusCode);
        Assert.DoesNotContain(await ListAsync(portal), s => s.GetProperty("id").GetString() == other.SessionId);
        Assert.NotNull((await portal.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Code);
    }

    [Fact]
    public async Task A_session_of_another_user_cannot_be_ended_and_looks_like_no_session()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var victim = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));

        using var response = await portal.Api.DeleteAsync($"/api/account/sessions/{victim.SessionId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await victim.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Code);
    }

    [Fact]
    public async Task Ending_the_other_sessions_keeps_the_current_one()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var other = await PortalSession.SignInAsync(Factory, user);

        using var response = await portal.Api.DeleteAsync("/api/account/sessions?keepCurrent=true");

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal("login_required", (await other.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Single(await ListAsync(portal));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_including_the_current_one()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var other = await PortalSession.SignInAsync(Factory, user);

        using var response = await portal.Api.DeleteAsync("/api/account/sessions");

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal("login_required", (await portal.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Equal("login_required", (await other.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Api.GetAsync("/api/account/sessions")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var other = await PortalSession.SignInAsync(Factory, user);
        const string newPassword = "Changed#2026pass";

        using var response = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("login_required", (await other.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Error);
        Assert.NotNull((await portal.Flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.SsoPortal))).Code);
        Assert.Equal(HttpStatusCode.OK, (await portal.Api.GetAsync("/api/account/sessions")).StatusCode);
        await PortalSession.SignInAsync(Factory, user with { Password = newPassword });
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_weak_new_one_is_a_validation_problem_and_changes_nothing()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);

        using var wrong = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = "not-it", newPassword = "Changed#2026pass" });
        using var weak = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "short" });
        using var missing = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("CurrentPassword", (await wrong.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("NewPassword", (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await PortalSession.SignInAsync(Factory, user);
    }

    [Fact]
    public async Task The_activity_shows_the_users_sign_ins_and_failures_newest_first()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var failed = new CodeFlow(Factory);
        var login = await failed.Browser.GoAsync(new AuthorizationRequest(DemoRealm.SsoPortal).Url);
        await failed.Browser.SignInAsync(login, user.Email, "wrong-password");
        var portal = await PortalSession.SignInAsync(Factory, user);

        var activity = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/activity");

        Assert.Equal(["signed_in", "sign_in_failed"], activity.EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
    }

    private static async Task<List<JsonElement>> ListAsync(PortalSession portal) =>
        [.. (await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/sessions")).EnumerateArray()];
}

[Collection(OnSqlite.Name)]
public sealed class AccountApiTestsOnSqlite(SqliteServer server) : AccountApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class AccountApiTestsOnPostgres(PostgresServer server) : AccountApiTests(server);
