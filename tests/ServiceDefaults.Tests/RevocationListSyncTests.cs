using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Tests;

/// <summary>The reader against an embedded Garnet: full load on start, pub/sub afterwards, resync after Garnet comes back.</summary>
public sealed class RevocationListSyncTests : IDisposable
{
    private readonly InProcessGarnet _garnet = new();
    private readonly IOptions<RevocationOptions> _options = Options.Create(new RevocationOptions
    {
        KeyPrefix = $"unit:{Guid.NewGuid():N}:",
        MaintenanceInterval = TimeSpan.FromMilliseconds(50),
    });

    public RevocationListSyncTests() => _garnet.Start();

    public void Dispose() => _garnet.Dispose();

    [Fact]
    public async Task Entries_written_before_start_are_loaded_and_later_ones_arrive_over_the_channel()
    {
        using var redis = await ConnectAsync();
        var writer = new RedisRevocationWriter(redis, _options, TimeProvider.System);
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        await writer.RevokeTokenAsync("before", until);
        var copy = new RevocationCopy(TimeProvider.System, TimeSpan.FromSeconds(30));
        using var sync = new RevocationListSync(redis, copy, _options, NullLogger<RevocationListSync>.Instance);

        await sync.StartAsync(CancellationToken.None);
        await writer.RevokeSessionAsync("after", until);

        Assert.Equal(RevocationState.Current, copy.State);
        Assert.Equal(RevocationVerdict.Revoked, copy.Check("before", null, null, null, null, 0));
        Assert.True(await Poll.UntilAsync(() => copy.Check(null, null, "after", null, null, 0) == RevocationVerdict.Revoked));
        await sync.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_lost_server_makes_the_copy_stale_and_its_return_makes_it_current_again_with_new_entries()
    {
        using var redis = await ConnectAsync();
        var copy = new RevocationCopy(TimeProvider.System, TimeSpan.FromSeconds(30));
        using var sync = new RevocationListSync(redis, copy, _options, NullLogger<RevocationListSync>.Instance);
        await sync.StartAsync(CancellationToken.None);

        _garnet.Stop();
        Assert.True(await Poll.UntilAsync(() => copy.State == RevocationState.Stale));

        _garnet.Start();
        Assert.True(await Poll.UntilAsync(() => copy.State == RevocationState.Current));
        await new RedisRevocationWriter(redis, _options, TimeProvider.System).RevokeAuthorizationAsync("family", DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.True(await Poll.UntilAsync(() => copy.Check(null, null, null, "family", null, 0) == RevocationVerdict.Revoked));
        await sync.StopAsync(CancellationToken.None);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(_garnet.ConnectionString);
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
