using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Platform.Pruning;

/// <summary>
/// A Redis lock so that one instance prunes at a time. It expires by itself after an interval, so an
/// instance that dies mid-round does not stop pruning for good.
/// </summary>
public sealed class PruningLock(IConnectionMultiplexer redis, IOptions<PruningOptions> options)
{
    /// <summary>The held lock, or null when another instance holds it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync()
    {
        var owner = Guid.NewGuid().ToString("N");
        var database = redis.GetDatabase();
        var key = new RedisKey(options.Value.LockKey);
        return await database.LockTakeAsync(key, owner, options.Value.Interval) ? new Held(database, key, owner) : null;
    }

    private sealed class Held(IDatabase database, RedisKey key, string owner) : IAsyncDisposable
    {
        // LockRelease deletes the key only while it still holds this owner's value.
        public async ValueTask DisposeAsync() => await database.LockReleaseAsync(key, owner);
    }
}
