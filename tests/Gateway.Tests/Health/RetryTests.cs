using System.Net;

namespace Aict.Gateway.Tests.Health;

/// <summary>
/// An instance that has just died and is still in the rotation. Its cluster's health checks are off here so that it stays
/// there for the whole test, as it does for the seconds before the checks notice in a real outage.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private Backend _live = null!;
    private Backend _dead = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _live = await Backend.StartAsync("i1");
        _dead = await Backend.StartAsync("i2");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("identity", _live, _dead))
        {
            ["ReverseProxy:Clusters:identity:HealthCheck:Active:Enabled"] = "false",
            ["ReverseProxy:Clusters:identity:HealthCheck:Passive:Enabled"] = "false",
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
        await _dead.StopAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _live.DisposeAsync();
        await _dead.DisposeAsync();
    }

    [Fact]
    public async Task A_get_sent_to_a_dead_instance_is_retried_on_another_while_a_post_is_not()
    {
        using var client = _gateway.Client(GatewayHost.Identity);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("i1", (await client.GetEchoAsync("/.well-known/openid-configuration")).Instance);
        }

        // Round robin sends one of two token requests to the dead instance: it fails, and is not sent twice.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative),
                new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]));
            statuses.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var problem = await response.ProblemAsync(HttpStatusCode.BadGateway);
                Assert.DoesNotContain("127.0.0.1", problem, StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadGateway], statuses.Order());
        Assert.Equal(1, _live.Hits("/connect/token"));
        Assert.True((await Scrape.ReadAsync(client)).Value("aict_gateway_retries_total", "cluster=identity") >= 2, "retries are counted");
    }

    [Fact]
    public async Task A_head_is_retried_like_a_get()
    {
        using var client = _gateway.Client(GatewayHost.Identity);

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/jwks"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, _live.Hits("/jwks"));
    }
}
