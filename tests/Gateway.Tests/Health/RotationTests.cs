using System.Diagnostics;
using System.Net.Http.Json;

namespace Aict.Gateway.Tests.Health;

/// <summary>The health checks of appsettings.json (active on <c>/alive</c> every 2 s, passive on transport failures) at work.</summary>
public sealed class RotationTests : IAsyncLifetime
{
    private Backend _c1 = null!;
    private Backend _c2 = null!;
    private Backend _other = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _c1 = await Backend.StartAsync("c1");
        _c2 = await Backend.StartAsync("c2");
        _other = await Backend.StartAsync("o1");
        _gateway = new GatewayHost(new Dictionary<string, string?>(GatewayHost.Destinations("commerce", _c1, _c2)
            .Concat(GatewayHost.Destinations("identity", _other)).Concat(GatewayHost.Destinations("portal", _other)))
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "0",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _c1.DisposeAsync();
        await _c2.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task A_stopped_instance_leaves_the_rotation_within_5_s_and_returns_by_itself_when_restarted()
    {
        using var client = _gateway.Client(GatewayHost.Commerce);

        await _c2.StopAsync();
        var stopped = Stopwatch.StartNew();
        await Eventually.MatchAsync(() => Task.FromResult(_gateway.InRotation("commerce", "c2")), inRotation => !inRotation, "c2 to leave the rotation", seconds: 10);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), $"c2 left the rotation after {stopped.Elapsed}.");

        // Out of the rotation, even requests that are never retried reach the live instance only.
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { item = i });
            Assert.Equal("c1", (await response.EchoAsync()).Instance);
        }

        await _c2.StartAsync();
        var restarted = Stopwatch.StartNew();
        await Eventually.MatchAsync(() => Task.FromResult(_gateway.InRotation("commerce", "c2")), inRotation => inRotation, "c2 to return", seconds: 10);
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(5), $"c2 returned after {restarted.Elapsed}.");
        var instances = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add((await client.GetEchoAsync()).Instance);
        }

        Assert.Contains("c2", instances);
    }
}
