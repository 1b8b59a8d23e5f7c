namespace Aict.IdentityServer.FunctionalTests.Sessions;

/// <summary>An SSO session ends after 30 minutes without activity, and after 2 hours whatever the activity.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly Lazy<IdentityServerFactory> _server;

    public SessionLifetimeTests() => _server = new(() => new IdentityServerFactory(_database, new Dictionary<string, string?>
    {
        ["Session:IdleTimeout"] = "00:30:00",
        ["Session:AbsoluteLifetime"] = "02:00:00",
    }));

    private IdentityServerFactory Factory => _server.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_session_idle_for_longer_than_the_idle_timeout_must_sign_in_again()
    {
        var flow = await SignedInAsync();

        Factory.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(Request())).Error);
    }

    [Fact]
    public async Task Activity_renews_the_idle_timeout()
    {
        var flow = await SignedInAsync();

        Factory.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull((await flow.AuthorizeSilentlyAsync(Request())).Code);
        Factory.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.NotNull((await flow.AuthorizeSilentlyAsync(Request())).Code);
    }

    [Fact]
    public async Task An_app_refreshing_its_tokens_keeps_the_session_from_going_idle()
    {
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), DemoRealm.Alice);

        Factory.Clock.Advance(TimeSpan.FromMinutes(20));
        var refreshed = await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);
        Assert.True(refreshed.AccessToken is not null, refreshed.Json.ToString());
        Factory.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.NotNull((await flow.AuthorizeSilentlyAsync(Request())).Code);
    }

    [Fact]
    public async Task A_refresh_after_the_session_went_idle_does_not_bring_it_back()
    {
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), DemoRealm.Alice);

        Factory.Clock.Advance(TimeSpan.FromMinutes(31));
        await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);

        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(Request())).Error);
    }

    [Fact]
    public async Task The_absolute_lifetime_ends_even_an_active_session()
    {
        var flow = await SignedInAsync();
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(100); elapsed += TimeSpan.FromMinutes(25))
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.NotNull((await flow.AuthorizeSilentlyAsync(Request())).Code);
        }

        Factory.Clock.Advance(TimeSpan.FromMinutes(25));

        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(Request())).Error);
    }

    [Fact]
    public async Task An_expired_session_is_no_longer_listed_and_a_new_sign_in_starts_a_new_one()
    {
        var first = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);
        Factory.Clock.Advance(TimeSpan.FromMinutes(31));

        var second = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);

        Assert.NotEqual(first.SessionId, second.SessionId);
        var sessions = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(
            second.Api, "/api/account/sessions");
        Assert.Equal(second.SessionId, Assert.Single(sessions.EnumerateArray()).GetProperty("id").GetString());
    }

    private async Task<CodeFlow> SignedInAsync()
    {
        var flow = new CodeFlow(Factory);
        await flow.SignInAsync(Request(), DemoRealm.Alice);
        return flow;
    }

    private static AuthorizationRequest Request() => new(DemoRealm.ChannelWeb);

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
