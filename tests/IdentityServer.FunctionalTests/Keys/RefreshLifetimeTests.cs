using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>Refresh tokens slide 14 days at a time but never outlive their family's 30 days.</summary>
public sealed class RefreshLifetimeTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task Refresh_tokens_slide_but_the_family_ends_at_its_absolute_lifetime()
    {
        await using var factory = new IdentityServerFactory(_database);
        var flow = new CodeFlow(factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), DemoRealm.Alice);

        factory.Clock.Advance(TimeSpan.FromDays(13));
        tokens = await RefreshAsync(flow, tokens);
        AssertAbout(TimeSpan.FromDays(14), await LifetimeAsync(flow, tokens.RefreshToken!));

        factory.Clock.Advance(TimeSpan.FromDays(13));
        tokens = await RefreshAsync(flow, tokens);
        AssertAbout(TimeSpan.FromDays(4), await LifetimeAsync(flow, tokens.RefreshToken!));

        factory.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        var expired = await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);
        Assert.Equal("invalid_grant", expired.Error);
    }

    private static async Task<TokenResponse> RefreshAsync(CodeFlow flow, TokenResponse tokens)
    {
        var refreshed = await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);
        Assert.True(refreshed.RefreshToken is not null, refreshed.Json.ToString());
        return refreshed;
    }

    private static async Task<TimeSpan> LifetimeAsync(CodeFlow flow, string refreshToken)
    {
        var introspection = await flow.Tokens.IntrospectAsync(DemoRealm.ChannelWeb, refreshToken);
        Assert.True(introspection.Json.GetProperty("active").GetBoolean(), introspection.Json.ToString());
        return TimeSpan.FromSeconds(introspection.Json.GetProperty("exp").GetInt64() - introspection.Json.GetProperty("iat").GetInt64());
    }

    private static void AssertAbout(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual, expected - TimeSpan.FromMinutes(1), expected + TimeSpan.FromMinutes(1));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
