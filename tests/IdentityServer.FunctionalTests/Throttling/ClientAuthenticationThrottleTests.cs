using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Aict.IdentityServer.Platform.Throttling;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Aict.IdentityServer.FunctionalTests.Throttling;

/// <summary>
/// Failed client authentications at the token endpoint are throttled per client address and across all of them,
/// shared by every instance through Redis: past the limit the endpoint answers 429, Retry-After and an OAuth error,
/// before it checks any secret. A successful grant costs no Redis call.
/// </summary>
public sealed class ClientAuthenticationThrottleTests : IAsyncLifetime
{
    private static readonly DemoClient WrongSecret = DemoRealm.PartnerErp with { Secret = "not-the-secret" };
    private readonly ThrottledServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Wrong_secrets_from_one_address_block_it_even_for_the_right_secret_while_another_address_gets_tokens()
    {
        var server = await _servers.StartAsync(perAddress: 3, global: 1000);
        var attacker = Tokens(server, "203.0.113.7");

        var failures = new List<string?>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            failures.Add((await attacker.ClientCredentialsAsync(WrongSecret, "products:read")).Error);
        }

        var (blocked, retryAfter) = await ClientCredentialsAsync(server, "203.0.113.7");
        var other = await Tokens(server, "198.51.100.9").ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        Assert.Equal(Enumerable.Repeat("invalid_client", 3), failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("invalid_request", blocked.Error);
        Assert.StartsWith("Too many failed client authentications", blocked.Get("error_description"));
        Assert.Null(blocked.AccessToken);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.NotNull(other.AccessToken);
    }

    [Fact]
    public async Task Wrong_secrets_spread_over_many_addresses_reach_the_global_limit_and_block_every_client()
    {
        var server = await _servers.StartAsync(perAddress: 1000, global: 4);

        for (var address = 1; address <= 4; address++)
        {
            Assert.Equal("invalid_client", (await Tokens(server, $"192.0.2.{address}").ClientCredentialsAsync(WrongSecret, "products:read")).Error);
        }

        var (fresh, retryAfter) = await ClientCredentialsAsync(server, "198.51.100.200");

        Assert.Equal(HttpStatusCode.TooManyRequests, fresh.Status);
        Assert.Equal("invalid_request", fresh.Error);
        Assert.NotNull(retryAfter);
    }

    [Fact]
    public async Task A_block_reached_on_one_instance_holds_on_another_that_shares_the_Redis()
    {
        var prefix = TestRedis.NewPrefix();
        var first = await _servers.StartAsync(perAddress: 2, global: 1000, prefix);
        var second = await _servers.StartAsync(perAddress: 2, global: 1000, prefix);
        var beforeBlock = await Tokens(second, "203.0.113.8").ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Tokens(first, "203.0.113.8").ClientCredentialsAsync(WrongSecret, "products:read");
        }

        // Published through Redis: the second instance hears of it within moments, without a failure of its own.
        var throttle = second.Services.GetRequiredService<FailureThrottle>();
        await Eventually.MatchAsync(() => Task.FromResult(throttle.RetryAfter(ThrottledAction.ClientAuthentication, IPAddress.Parse("203.0.113.8"))),
            wait => wait is not null, "the block to reach the second instance");
        var (onSecond, retryAfter) = await ClientCredentialsAsync(second, "203.0.113.8");

        Assert.Equal(HttpStatusCode.OK, beforeBlock.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, onSecond.Status);
        Assert.NotNull(retryAfter);
    }

    [Fact]
    public async Task Successful_client_credentials_and_refresh_grants_make_no_throttle_call_to_Redis_and_a_failure_makes_one()
    {
        var server = await _servers.StartAsync(perAddress: 1000, global: 1000);
        var flow = new CodeFlow(server);
        var signedIn = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access orders:read"), DemoRealm.Alice);
        var tokens = Tokens(server, "203.0.113.9");
        var profiler = Profile(server);

        var refreshToken = signedIn.RefreshToken!;
        for (var grant = 0; grant < 10; grant++)
        {
            Assert.Equal(HttpStatusCode.OK, (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).Status);
            var refreshed = await tokens.RefreshAsync(DemoRealm.ChannelWeb, refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
            refreshToken = refreshed.RefreshToken!;
        }

        var onSuccess = ThrottleCommands(profiler.FinishProfiling());
        profiler = Profile(server);
        await tokens.ClientCredentialsAsync(WrongSecret, "products:read");
        var onFailure = ThrottleCommands(profiler.FinishProfiling());

        Assert.Empty(onSuccess);
        Assert.Single(onFailure);
    }

    private static TokenClient Tokens(IdentityServerFactory server, string address) =>
        new(TestClientAddress.From(server.CreateBackChannel(), address));

    // The token client reads the JSON only; Retry-After needs the raw answer.
    private static async Task<(TokenResponse Response, TimeSpan? RetryAfter)> ClientCredentialsAsync(IdentityServerFactory server, string address)
    {
        using var client = TestClientAddress.From(server.CreateBackChannel(), address);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "products:read",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DemoRealm.PartnerErp.ClientId}:{DemoRealm.PartnerErp.Secret}")));
        using var response = await client.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (new TokenResponse(response.StatusCode, json), response.Headers.RetryAfter?.Delta);
    }

    // Every command the server sends through its Redis connection is recorded by the client library's profiler.
    private static ProfilingSession Profile(IdentityServerFactory server)
    {
        var session = new ProfilingSession();
        server.Services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(() => session);
        return session;
    }

    // The throttle's only command is its counting script.
    private static List<IProfiledCommand> ThrottleCommands(ProfiledCommandEnumerable commands) =>
        [.. commands.Where(command => command.Command is "EVAL" or "EVALSHA")];
}
