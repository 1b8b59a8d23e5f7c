using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The launcher's apps, and the user's connected apps (consents), one of which the user revokes.</summary>
public abstract class ConnectedAppsApiTests(ServerFixture server)
{
    private const string MobileScopes = "openid offline_access products:read";

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task The_launcher_lists_each_app_with_an_initiate_login_uri_with_the_issuer_added_and_never_the_calling_app()
    {
        var launcher = await RegisterLaunchableClientAsync();
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var fromLauncher = await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(launcher, "openid account"), user);
        using var launcherApi = Factory.CreateBackChannel();
        launcherApi.DefaultRequestHeaders.Authorization = new("Bearer", fromLauncher.AccessToken);

        var apps = await AppsAsync(portal.Api);
        var appsForLauncher = await AppsAsync(launcherApi);

        Assert.Equal("Channel Web", apps["channel-web"].GetProperty("displayName").GetString());
        Assert.Equal("http://localhost:5400/login?iss=http%3A%2F%2Flocalhost%2F", apps["channel-web"].GetProperty("launchUri").GetString());
        Assert.Equal("https://launcher.example/start?tenant=7&iss=http%3A%2F%2Flocalhost%2F",
            apps[launcher.ClientId].GetProperty("launchUri").GetString());
        Assert.DoesNotContain("sso-portal", apps.Keys);
        Assert.DoesNotContain("channel-mobile", apps.Keys);
        Assert.DoesNotContain(launcher.ClientId, appsForLauncher.Keys);
        Assert.Contains("channel-web", appsForLauncher.Keys);
    }

    [Fact]
    public async Task The_connected_apps_are_the_users_own_consents_one_per_app_with_the_scopes_merged_and_the_first_grant_time()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var mobile = new CodeFlow(Factory);
        await mobile.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, "openid products:read"), user);
        var firstGrant = (await ConsentsAsync(portal))["channel-mobile"].GetProperty("grantedAt").GetDateTimeOffset();
        await mobile.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, "openid orders:read"), user);
        await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), await TestUsers.CreateAsync(Factory));

        var consents = await ConsentsAsync(portal);

        Assert.Equal(["channel-mobile", "sso-portal"], consents.Keys.Order());
        var app = consents["channel-mobile"];
        Assert.Equal("Channel Mobile", app.GetProperty("displayName").GetString());
        Assert.Equal(["openid", "orders:read", "products:read"], app.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(firstGrant, app.GetProperty("grantedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Revoking_a_connected_app_kills_its_refresh_tokens_and_consent_and_keeps_the_portal_signed_in()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var mobile = new CodeFlow(Factory);
        var tokens = await mobile.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, MobileScopes), user);
        var portal = await PortalSession.SignInAsync(Factory, user);

        using var response = await portal.Api.DeleteAsync("/api/account/consents/channel-mobile");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("invalid_grant", (await mobile.Tokens.RefreshAsync(DemoRealm.ChannelMobile, tokens.RefreshToken!)).Error);
        Assert.Equal("consent_required", (await mobile.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, MobileScopes))).Error);
        Assert.Equal(["sso-portal"], (await ConsentsAsync(portal)).Keys);
        var activity = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/activity");
        var revoked = activity.EnumerateArray().First();
        Assert.Equal("consent_revoked", revoked.GetProperty("type").GetString());
        Assert.Equal("channel-mobile", revoked.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task Revoking_a_connected_app_signs_it_out_of_the_users_sessions_by_back_channel_and_drops_it_from_their_app_lists()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        // The same browser session signs in to channel-web, which registered a back-channel logout URI.
        await portal.Flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);

        using var response = await portal.Api.DeleteAsync("/api/account/consents/channel-web");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var sessions = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/sessions");
        var clients = sessions.EnumerateArray().Single().GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("clientId").GetString());
        Assert.Equal(["sso-portal"], clients);
        await using var scope = Factory.Services.CreateAsyncScope();
        var notices = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().BackchannelLogoutDeliveries.AsNoTracking()
            .Where(d => d.SessionId == portal.SessionId).Select(d => d.ClientId).ToListAsync();
        Assert.Equal(["channel-web"], notices);
    }

    [Fact]
    public async Task Another_users_connected_app_cannot_be_revoked_and_looks_like_none()
    {
        var victim = await TestUsers.CreateAsync(Factory);
        var mobile = new CodeFlow(Factory);
        var tokens = await mobile.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, MobileScopes), victim);
        var attacker = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));

        using var response = await attacker.Api.DeleteAsync("/api/account/consents/channel-mobile");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await mobile.Tokens.RefreshAsync(DemoRealm.ChannelMobile, tokens.RefreshToken!)).AccessToken);
    }

    [Fact]
    public async Task Revoking_an_unknown_app_is_404()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));

        using var response = await portal.Api.DeleteAsync("/api/account/consents/no-such-client");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A first-party web app that may call the account API and can be launched, like a second portal.</summary>
    private async Task<DemoClient> RegisterLaunchableClientAsync()
    {
        var client = new DemoClient($"launcher-{Guid.NewGuid():N}", "launcher-test-secret", "http://localhost:5999/signin-oidc", null);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            DisplayName = "Launcher",
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(client.RedirectUri!) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Prefixes.Scope + "account",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        InitiateLoginRegistration.Set(descriptor, new Uri("https://launcher.example/start?tenant=7"), requireHttps: true);
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        return client;
    }

    private static async Task<Dictionary<string, JsonElement>> AppsAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/account/apps")).EnumerateArray()
            .ToDictionary(a => a.GetProperty("clientId").GetString()!);

    private static async Task<Dictionary<string, JsonElement>> ConsentsAsync(PortalSession portal) =>
        (await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/consents")).EnumerateArray()
            .ToDictionary(c => c.GetProperty("clientId").GetString()!);
}

[Collection(OnSqlite.Name)]
public sealed class ConnectedAppsApiTestsOnSqlite(SqliteServer server) : ConnectedAppsApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class ConnectedAppsApiTestsOnPostgres(PostgresServer server) : ConnectedAppsApiTests(server);
