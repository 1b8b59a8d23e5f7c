using System.Diagnostics;

namespace Aict.Gateway.Tests.Health;

/// <summary>The passive check alone (active probes off for the cluster): real traffic that fails takes an instance out.</summary>
public sealed class PassiveHealthTests : IAsyncLifetime
{
    private Backend _live = null!;
    private Backend _failing = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _live = await Backend.StartAsync("i1");
        _failing = await Backend.StartAsync("i2");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("identity", _live, _failing))
        {
            ["ReverseProxy:Clusters:identity:HealthCheck:Active:Enabled"] = "false",
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _live.DisposeAsync();
        await _failing.DisposeAsync();
    }

    [Fact]
    public async Task Failing_traffic_takes_an_instance_out_and_it_is_tried_again_within_5_s()
    {
        using var client = _gateway.Client(GatewayHost.Identity);
        await _failing.StopAsync();

        // Every GET still succeeds (retried on i1) while the failures sent to i2 count against it.
        await Eventually.MatchAsync(async () =>
        {
            Assert.Equal("i1", (await client.GetEchoAsync()).Instance);
            return _gateway.InRotation("identity", "i2");
        }, inRotation => !inRotation, "the passive check to take i2 out", seconds: 10);
        var taken = Stopwatch.StartNew();

        await _failing.StartAsync();
        await Eventually.MatchAsync(() => Task.FromResult(_gateway.InRotation("identity", "i2")), inRotation => inRotation, "i2 to be tried again", seconds: 10);
        Assert.True(taken.Elapsed < TimeSpan.FromSeconds(6), $"i2 was tried again after {taken.Elapsed}.");
        Assert.Contains("i2", new[] { (await client.GetEchoAsync()).Instance, (await client.GetEchoAsync()).Instance });
    }
}
