using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Aict.CommerceApi.FunctionalTests.Outage;

/// <summary>
/// The PostgreSQL-restart drill: IdentityServer and CommerceApi on a PostgreSQL cluster of the test's own, which the test
/// stops and starts. While it is down people and machines get 503 with Retry-After in their own format, never a 500;
/// once it is back both recover by themselves within the drill's 10 s bound.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.Services services) : IClassFixture<DatabaseOutageTests.Services>
{
    private const string ApiPath = "/api/categories";
    private const string AccountPath = "/api/account/sessions";
    private const int RecoverySeconds = 10;

    [Fact]
    public async Task While_PostgreSQL_is_down_both_services_answer_503_with_Retry_After_and_recover_by_themselves_when_it_returns()
    {
        using var backChannel = services.Identity.CreateBackChannel();
        var tokens = new TokenClient(backChannel);
        var token = (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        var portal = await new CodeFlow(services.Identity).SignInAsync(
            new AuthorizationRequest(DemoRealm.SsoPortal, "openid offline_access account"), DemoRealm.Carol);
        var refreshToken = portal.RefreshToken!;
        using var accountApi = services.Identity.CreateBackChannel();
        accountApi.DefaultRequestHeaders.Authorization = new("Bearer", portal.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await accountApi.GetAsync(AccountPath)).StatusCode);
        using var api = services.Api.CreateClient(token);
        using var browser = services.Identity.CreateBrowser();
        var loginPage = await browser.GoAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, loginPage.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(ApiPath)).StatusCode);

        await services.Postgres.StopAsync();
        try
        {
            // Client credentials need no stored row (cached client, unstored access tokens): partners keep getting tokens.
            using (var partner = await ClientCredentialsAsync(backChannel))
            {
                Assert.Equal(HttpStatusCode.OK, partner.StatusCode);
            }

            using (var grant = await RefreshAsync(backChannel, refreshToken))
            {
                AssertUnavailable(grant);
                using var error = JsonDocument.Parse(await grant.Content.ReadAsStringAsync());
                Assert.Equal("temporarily_unavailable", error.RootElement.GetProperty("error").GetString());
                Assert.True(error.RootElement.TryGetProperty("error_description", out _));
            }

            using (var read = await api.GetAsync(ApiPath))
            {
                AssertUnavailable(read);
                Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
                Assert.Equal(503, (await read.Content.ReadFromJsonAsync<ProblemDetails>())!.Status);
            }

            using (var sessions = await accountApi.GetAsync(AccountPath))
            {
                AssertUnavailable(sessions);
                Assert.Equal("application/problem+json", sessions.Content.Headers.ContentType?.MediaType);
            }

            var signIn = await browser.SignInAsync(loginPage, DemoRealm.Alice.Email, DemoRealm.Alice.Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.Status);
            Assert.True(signIn.Headers.RetryAfter?.Delta > TimeSpan.Zero, "the page's 503 to carry Retry-After");
            Assert.Equal("Temporarily unavailable", signIn.Document.QuerySelector("#unavailable")?.TextContent);

            browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko");
            var korean = await browser.SignInAsync(loginPage, DemoRealm.Alice.Email, DemoRealm.Alice.Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, korean.Status);
            Assert.Equal("일시적으로 사용할 수 없습니다", korean.Document.QuerySelector("#unavailable")?.TextContent);
            browser.Http.DefaultRequestHeaders.AcceptLanguage.Clear();

            foreach (var service in new[] { backChannel, api })
            {
                using var health = await service.GetAsync("/health");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
                using var alive = await service.GetAsync("/alive");
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            }
        }
        finally
        {
            await services.Postgres.StartAsync();
        }

        // Recovery is the services' own: no request of the test restarts anything, and each bound starts once PostgreSQL is back.
        // The refused refresh consumed nothing: the same refresh token redeems once PostgreSQL is back.
        await Aict.TestSupport.Eventually.MatchAsync(() => StatusOfAsync(RefreshAsync(backChannel, refreshToken)), status => status == HttpStatusCode.OK,
            "the token endpoint to redeem the refresh token again", RecoverySeconds);
        await Aict.TestSupport.Eventually.MatchAsync(() => StatusOfAsync(api.GetAsync(ApiPath)), status => status == HttpStatusCode.OK,
            "the API to read again", RecoverySeconds);
        await Aict.TestSupport.Eventually.MatchAsync(() => StatusOfAsync(accountApi.GetAsync(AccountPath)), status => status == HttpStatusCode.OK,
            "the account API to read again", RecoverySeconds);
        foreach (var service in new[] { backChannel, api })
        {
            await Aict.TestSupport.Eventually.MatchAsync(() => StatusOfAsync(service.GetAsync("/health")), status => status == HttpStatusCode.OK,
                "readiness to report the database healthy", RecoverySeconds);
        }

        var signedIn = await browser.SignInAsync(await browser.GoAsync("/Account/Login"), DemoRealm.Alice.Email, DemoRealm.Alice.Password);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, signedIn.Status);
        Assert.True((int)signedIn.Status < 500, $"sign-in after recovery answered {signedIn.Status}");
    }

    private static void AssertUnavailable(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.CacheControl?.NoStore, "a 503 must not be cached");
    }

    private static Task<HttpResponseMessage> ClientCredentialsAsync(HttpClient backChannel) =>
        backChannel.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoRealm.PartnerErp.ClientId,
            ["client_secret"] = DemoRealm.PartnerErp.Secret!,
            ["scope"] = "products:read",
        }));

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient backChannel, string refreshToken) =>
        backChannel.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = DemoRealm.SsoPortal.ClientId,
            ["client_secret"] = DemoRealm.SsoPortal.Secret!,
            ["refresh_token"] = refreshToken,
        }));

    private static async Task<HttpStatusCode> StatusOfAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        // A 500 at any point of the drill is a failure, not a state to wait out.
        Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
        return response.StatusCode;
    }

    /// <summary>One private cluster for the class: IdentityServer and CommerceApi each with a database on it.</summary>
    public sealed class Services : IAsyncLifetime
    {
        public PrivatePostgres Postgres { get; } = new();

        public IdentityServerFactory Identity { get; private set; } = null!;

        public CommerceApiFactory Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Postgres.StartAsync();
            Identity = new IdentityServerFactory(Postgres.Database("identity"));
            Api = new CommerceApiFactory(Identity, Postgres.Database("commerce"));
            using var discovery = Identity.CreateBackChannel();
            (await discovery.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
            using var alive = Api.CreateClient(accessToken: null);
            (await alive.GetAsync("/alive")).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            await Identity.DisposeAsync();
            await Postgres.DisposeAsync();
        }
    }
}
