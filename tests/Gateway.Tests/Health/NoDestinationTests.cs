using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aict.Gateway.Tests.Health;

public sealed class NoDestinationTests : IAsyncLifetime
{
    private Backend _portal = null!;
    private Backend _other = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _portal = await Backend.StartAsync("p1");
        _other = await Backend.StartAsync("o1");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("portal", _portal)
            .Concat(GatewayHost.Destinations("identity", _other)).Concat(GatewayHost.Destinations("commerce", _other)))
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _portal.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task Without_an_available_instance_the_gateway_answers_503_with_Retry_After_and_is_not_ready()
    {
        using var client = _gateway.Client(GatewayHost.Portal);
        await client.GetEchoAsync();

        await _portal.StopAsync();
        using var unavailable = await Eventually.MatchAsync(() => client.GetAsync(new Uri("/", UriKind.Relative)),
            response => response.StatusCode == HttpStatusCode.ServiceUnavailable, "the portal's only instance to leave the rotation", seconds: 10);

        var problem = await unavailable.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("127.0.0.1", problem, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), unavailable.Headers.RetryAfter?.Delta);
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await _gateway.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["cluster-portal"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["cluster-identity"].Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
        var scrape = await Scrape.ReadAsync(client);
        Assert.Equal(0, scrape.Value("aict_gateway_destinations_available", "cluster=portal"));
        Assert.Equal(1, scrape.Value("aict_gateway_destinations_available", "cluster=identity"));
        Assert.True(scrape.Value("aict_gateway_unavailable_total", "cluster=portal") >= 1, "503 answers are counted");

        await _portal.StartAsync();
        await Eventually.MatchAsync(async () => (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode,
            status => status == HttpStatusCode.OK, "the gateway to be ready again", seconds: 10);
        Assert.Equal("p1", (await client.GetEchoAsync()).Instance);
    }
}
