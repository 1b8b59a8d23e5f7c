using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Duende.IdentityModel.OidcClient;

namespace Aict.IdentityServer.FunctionalTests;

/// <summary>An OpenID Certified client library (Duende IdentityModel.OidcClient) against the server, as a native app would use it.</summary>
public abstract class CertifiedClientTests(ServerFixture server)
{
    [Fact]
    public async Task The_mobile_app_signs_alice_in_on_a_loopback_redirect_and_a_replayed_refresh_token_kills_its_family()
    {
        var factory = server.Factory;
        using var browser = factory.CreateBrowser();
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = IdentityServerFactory.Issuer,
            ClientId = "channel-mobile",
            RedirectUri = $"http://127.0.0.1:{Random.Shared.Next(49152, 65535)}/callback",
            Scope = "openid profile email offline_access orders:read",
            Browser = new SigningInBrowser(browser, DemoRealm.Alice),
            BackchannelHandler = factory.Server.CreateHandler(),
            IdentityTokenValidator = new JwksIdentityTokenValidator(new TokenValidator(factory.CreateBackChannel())),
            LoadProfile = true,
            Policy = { Discovery = { RequireHttps = false } },
        });

        var login = await client.LoginAsync();

        Assert.False(login.IsError, login.Error);
        Assert.Equal("alice@example.com", login.User.FindFirst("email")?.Value);
        Assert.Equal("Alice Kim", login.User.FindFirst("name")?.Value);
        Assert.NotNull(login.RefreshToken);

        var refreshed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);

        var replayed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.True(replayed.IsError);
        Assert.Equal("invalid_grant", replayed.Error);
        var afterReplay = await client.RefreshTokenAsync(refreshed.RefreshToken);
        Assert.Equal("invalid_grant", afterReplay.Error);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CertifiedClientOnSqlite(SqliteServer server) : CertifiedClientTests(server);

[Collection(OnPostgres.Name)]
public sealed class CertifiedClientOnPostgres(PostgresServer server) : CertifiedClientTests(server);
