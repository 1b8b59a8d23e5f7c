using System.Net;

namespace Aict.CommerceApi.FunctionalTests.Outage;

/// <summary>
/// The Redis-restart drill, IdentityServer's side: people and partners keep signing in while Redis is down (the throttles
/// and detection counters fail open). The readers' side is RevocationTests (fail closed after the staleness bound, then
/// recover) and RevocationOutboxTests (a revocation made meanwhile reaches the API once Redis is back).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes test classes through IAsyncLifetime.DisposeAsync.")]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private readonly PrivateRedis _redis = new();
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private IdentityServerFactory _identity = null!;

    [Fact]
    public async Task While_Redis_is_down_users_sign_in_and_partners_get_tokens()
    {
        await _redis.StopAsync();

        var user = await new CodeFlow(_identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid products:read"), DemoRealm.Alice);
        Assert.NotNull(user.AccessToken);
        var partner = await new TokenClient(_identity.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        Assert.Equal(HttpStatusCode.OK, partner.Status);
    }

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _identity = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            // Short timeouts: a command to the stopped server fails in a second, not five.
            ["ConnectionStrings:redis"] = $"{_redis.ConnectionString},connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000",
        });
        using var discovery = _identity.CreateBackChannel();
        (await discovery.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _identity.DisposeAsync();
        await _database.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
