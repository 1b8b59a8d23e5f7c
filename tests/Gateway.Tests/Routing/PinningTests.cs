using System.Net;

namespace Aict.Gateway.Tests.Routing;

/// <summary>Instance pinning, as the fleet tests use it in Development.</summary>
public sealed class PinningTests : IAsyncLifetime
{
    private Backend _a = null!;
    private Backend _b = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _a = await Backend.StartAsync("a");
        _b = await Backend.StartAsync("b");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("identity", _a, _b))
        {
            ["Gateway:Pinning:Enabled"] = "true",
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_pinned_request_reaches_the_named_instance_every_time()
    {
        using var client = _gateway.Client(GatewayHost.Identity);

        foreach (var instance in new[] { "b", "b", "a", "a", "b" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token");
            request.Headers.Add("X-Aict-Destination", instance);
            var echo = await (await client.SendAsync(request)).EchoAsync();
            Assert.Equal(instance, echo.Instance);
            Assert.Null(echo.Header("X-Aict-Destination"));
        }
    }

    [Fact]
    public async Task A_request_pinned_to_an_unknown_instance_gets_503_that_names_nothing()
    {
        using var client = _gateway.Client(GatewayHost.Identity);
        client.DefaultRequestHeaders.Add("X-Aict-Destination", "i9");

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("127.0.0.1", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("identity", problem, StringComparison.Ordinal);
        Assert.Equal(0, _a.Hits("/") + _b.Hits("/"));
    }
}
