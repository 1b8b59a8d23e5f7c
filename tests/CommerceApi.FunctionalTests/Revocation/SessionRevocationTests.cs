using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.CommerceApi.FunctionalTests.Revocation;

/// <summary>
/// Every way a session or a client's access ends at IdentityServer reaches CommerceApi through the
/// revocation list: the access tokens already issued are refused.
/// </summary>
public abstract class SessionRevocationTests(CommerceServices services, Func<TestDatabase> database)
{
    private const string Path = "/api/categories";
    private const string Scopes = "openid offline_access products:read";

    private IdentityServerFactory Identity => services.Identity;

    [Fact]
    public async Task Logging_out_at_identity_server_makes_the_sessions_access_tokens_refused()
    {
        await using var instance = await OwnApiAsync();
        var flow = new CodeFlow(Identity);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, Scopes), await TestUsers.CreateAsync(Identity));
        using var api = await AcceptedAsync(instance, tokens.AccessToken!);

        await flow.Browser.GoAsync(QueryHelpers.AddQueryString("/connect/endsession", "id_token_hint", tokens.IdToken!));

        await AssertRefusedAsync(api);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task A_session_ended_from_the_portal_has_its_access_tokens_refused_and_the_portals_own_stay_accepted()
    {
        await using var instance = await OwnApiAsync();
        var user = await TestUsers.CreateAsync(Identity);
        var portal = await PortalSession.SignInAsync(Identity, user, PortalSession.Scopes + " products:read");
        var phone = await PortalSession.SignInAsync(Identity, user, PortalSession.Scopes + " products:read");
        using var phoneApi = await AcceptedAsync(instance, phone.Tokens.AccessToken!);
        using var portalApi = await AcceptedAsync(instance, portal.Tokens.AccessToken!);

        (await portal.Api.DeleteAsync($"/api/account/sessions/{phone.SessionId}")).EnsureSuccessStatusCode();

        await AssertRefusedAsync(phoneApi);
        Assert.Equal(HttpStatusCode.OK, (await portalApi.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_makes_every_token_of_the_user_refused()
    {
        await using var instance = await OwnApiAsync();
        var user = await TestUsers.CreateAsync(Identity);
        var web = await new CodeFlow(Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, Scopes), user);
        using var webApi = await AcceptedAsync(instance, web.AccessToken!);
        var portal = await PortalSession.SignInAsync(Identity, user);

        (await portal.Api.DeleteAsync("/api/account/sessions")).EnsureSuccessStatusCode();

        await AssertRefusedAsync(webApi);
    }

    [Fact]
    public async Task A_password_change_refuses_the_other_sessions_tokens_and_keeps_the_current_ones()
    {
        await using var instance = await OwnApiAsync();
        var user = await TestUsers.CreateAsync(Identity);
        var other = await new CodeFlow(Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, Scopes), user);
        using var otherApi = await AcceptedAsync(instance, other.AccessToken!);
        var portal = await PortalSession.SignInAsync(Identity, user, PortalSession.Scopes + " products:read");
        using var portalApi = await AcceptedAsync(instance, portal.Tokens.AccessToken!);

        (await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "Changed#2026pass" }))
            .EnsureSuccessStatusCode();

        await AssertRefusedAsync(otherApi);
        Assert.Equal(HttpStatusCode.OK, (await portalApi.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_connected_app_from_the_portal_makes_its_access_tokens_refused_and_the_portals_own_stay_accepted()
    {
        await using var instance = await OwnApiAsync();
        var user = await TestUsers.CreateAsync(Identity);
        var web = await new CodeFlow(Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, Scopes), user);
        using var webApi = await AcceptedAsync(instance, web.AccessToken!);
        var portal = await PortalSession.SignInAsync(Identity, user, PortalSession.Scopes + " products:read");
        using var portalApi = await AcceptedAsync(instance, portal.Tokens.AccessToken!);

        (await portal.Api.DeleteAsync($"/api/account/consents/{DemoRealm.ChannelWeb.ClientId}")).EnsureSuccessStatusCode();

        await AssertRefusedAsync(webApi);
        Assert.Equal(HttpStatusCode.OK, (await portalApi.GetAsync(Path)).StatusCode);
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("sign-out-everywhere")]
    [InlineData("mfa/reset")]
    public async Task An_admin_action_on_a_user_makes_their_tokens_refused(string action)
    {
        await using var instance = await OwnApiAsync();
        var user = await TestUsers.CreateAsync(Identity);
        var tokens = await new CodeFlow(Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, Scopes), user);
        using var api = await AcceptedAsync(instance, tokens.AccessToken!);
        var admin = await PortalSession.SignInAsync(Identity, DemoRealm.Admin);

        (await admin.Api.PostAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Identity, user)}/{action}", null)).EnsureSuccessStatusCode();

        await AssertRefusedAsync(api);
    }

    [Fact]
    public async Task Revoking_a_clients_tokens_makes_its_client_credentials_tokens_refused_and_new_ones_work()
    {
        await using var instance = await OwnApiAsync();
        var client = await RegisterPartnerAsync();
        var tokenClient = new TokenClient(Identity.CreateBackChannel());
        var before = (await tokenClient.ClientCredentialsAsync(client, "products:read")).AccessToken!;
        using var api = await AcceptedAsync(instance, before);
        var admin = await PortalSession.SignInAsync(Identity, DemoRealm.Admin);

        (await admin.Api.PostAsync($"/api/admin/clients/{client.ClientId}/revoke-tokens", null)).EnsureSuccessStatusCode();

        await AssertRefusedAsync(api);
        // The not-before covers the revocation's whole second (iat has whole seconds): issue the next token after it.
        Identity.Clock.Advance(TimeSpan.FromSeconds(2));
        using var fresh = instance.CreateClient((await tokenClient.ClientCredentialsAsync(client, "products:read")).AccessToken!);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(Path)).StatusCode);
    }

    private async Task<DemoClient> RegisterPartnerAsync()
    {
        var client = new DemoClient($"partner-{Guid.NewGuid():N}", "partner-test-secret", null, null);
        await using var scope = Identity.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "products:read" },
        });
        return client;
    }

    private static async Task<HttpClient> AcceptedAsync(OwnApi instance, string accessToken)
    {
        var api = instance.CreateClient(accessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Path)).StatusCode);
        return api;
    }

    private static async Task AssertRefusedAsync(HttpClient api)
    {
        using var refused = await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<OwnApi> OwnApiAsync()
    {
        var api = new OwnApi(Identity, database(), settings: null);
        using var health = api.CreateClient(accessToken: null);
        (await health.GetAsync("/alive")).EnsureSuccessStatusCode();
        return api;
    }
}

[Collection(OnSqlite.Name)]
public sealed class SessionRevocationTestsOnSqlite(SqliteServices services) : SessionRevocationTests(services, TestDatabase.Sqlite);

[Collection(OnPostgres.Name)]
public sealed class SessionRevocationTestsOnPostgres(PostgresServices services) : SessionRevocationTests(services, TestDatabase.Postgres);
