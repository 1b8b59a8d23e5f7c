using System.Net;
using System.Net.Http.Headers;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// Access tokens are refreshed shortly before they expire, against a real IdentityServer that rotates refresh
/// tokens with no reuse leeway: concurrent requests must not present the same refresh token twice.
/// </summary>
public sealed class TokenRefreshTests(TokenRefreshTests.Servers servers) : IClassFixture<TokenRefreshTests.Servers>
{
    [Fact]
    public async Task Concurrent_requests_for_an_expiring_token_refresh_it_once_and_all_get_the_new_token()
    {
        var session = await PortalSession.SignInAsync(servers.Identity.Factory, DemoRealm.Alice);
        var key = await servers.Portal.Tickets.StoreAsync(Tickets.For(session.SessionId, session.Tokens.AccessToken!,
            session.Tokens.RefreshToken!, accessTokenExpiresAt: DateTimeOffset.UtcNow.AddSeconds(30)));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => servers.Portal.Tokens.GetAccessTokenAsync(key)));

        var refreshed = Assert.Single(tokens.Distinct());
        Assert.NotNull(refreshed);
        Assert.NotEqual(session.Tokens.AccessToken, refreshed);
        var stored = await servers.Portal.Tickets.RetrieveAsync(key);
        Assert.Equal(refreshed, stored?.Properties.GetTokenValue("access_token"));
        Assert.NotEqual(session.Tokens.RefreshToken, stored?.Properties.GetTokenValue("refresh_token"));
        // The family is intact: the new access token is accepted and the rotated refresh token still works.
        Assert.Equal(HttpStatusCode.OK, await CallAccountApiAsync(refreshed));
        var next = await session.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, stored!.Properties.GetTokenValue("refresh_token")!);
        Assert.NotNull(next.AccessToken);
    }

    [Fact]
    public async Task A_token_with_time_left_is_used_as_it_is()
    {
        var session = await PortalSession.SignInAsync(servers.Identity.Factory, DemoRealm.Alice);
        var key = await servers.Portal.Tickets.StoreAsync(Tickets.For(session.SessionId, session.Tokens.AccessToken!,
            session.Tokens.RefreshToken!, accessTokenExpiresAt: DateTimeOffset.UtcNow.AddMinutes(4)));

        var token = await servers.Portal.Tokens.GetAccessTokenAsync(key);

        Assert.Equal(session.Tokens.AccessToken, token);
        Assert.Equal(session.Tokens.RefreshToken, (await servers.Portal.Tickets.RetrieveAsync(key))?.Properties.GetTokenValue("refresh_token"));
    }

    [Fact]
    public async Task A_refused_refresh_token_ends_the_portal_session()
    {
        var session = await PortalSession.SignInAsync(servers.Identity.Factory, DemoRealm.Alice);
        var key = await servers.Portal.Tickets.StoreAsync(Tickets.For(session.SessionId, session.Tokens.AccessToken!,
            session.Tokens.RefreshToken!, accessTokenExpiresAt: DateTimeOffset.UtcNow.AddSeconds(30)));
        // Someone else redeemed the refresh token first: the portal's copy is now a replay, which IdentityServer refuses.
        Assert.NotNull((await session.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, session.Tokens.RefreshToken!)).AccessToken);

        var token = await servers.Portal.Tokens.GetAccessTokenAsync(key);

        Assert.Null(token);
        Assert.Null(await servers.Portal.Tickets.RetrieveAsync(key));
    }

    private async Task<HttpStatusCode> CallAccountApiAsync(string accessToken)
    {
        using var api = servers.Identity.Factory.CreateBackChannel();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await api.GetAsync("/api/account/sessions");
        return response.StatusCode;
    }

    /// <summary>A real IdentityServer (SQLite) and a portal whose OIDC handler reaches it in memory.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        public Servers() => Portal = new PortalFactory(options => options.BackchannelHttpHandler = Identity.Factory.Server.CreateHandler());

        public SqliteServer Identity { get; } = new();

        public PortalFactory Portal { get; }

        public Task InitializeAsync() => Identity.InitializeAsync();

        public async Task DisposeAsync()
        {
            await Portal.DisposeAsync();
            await Identity.DisposeAsync();
        }
    }
}
