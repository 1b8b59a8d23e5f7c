using System.Diagnostics;
using System.Security.Cryptography;
using Aict.CommerceApi.Errors;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// A per-slot lock in Redis shared by every API instance: <c>SET key token NX PX lease</c>, released
/// only by its owner (a compare-and-delete script), so a lock that lapsed and was taken by someone
/// else is never deleted by the one who lost it.
/// </summary>
internal sealed class RedisSlotLock(IConnectionMultiplexer redis, IOptions<ReservationOptions> options)
{
    private const string ReleaseScript = """
        if redis.call('get', KEYS[1]) == ARGV[1] then
            return redis.call('del', KEYS[1])
        end
        return 0
        """;

    private const int MaxPauseMilliseconds = 20;

    /// <summary>Waits up to <see cref="ReservationOptions.LockWait"/> for the slot's lock; 409 when it stays taken.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(Guid slotId, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        RedisKey key = $"aict:reservations:slot:{slotId}:lock";
        RedisValue token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var started = Stopwatch.GetTimestamp();
        for (var waits = 1; !await database.StringSetAsync(key, token, options.Value.LockLease, When.NotExists); waits++)
        {
            ReservationMetrics.LockWaits.Add(1);
            if (Stopwatch.GetElapsedTime(started) >= options.Value.LockWait)
            {
                throw new ConflictException("The slot is busy with other reservations; try again.");
            }

            // Jittered and growing pauses keep a crowd of waiters from hammering Redis in step.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(MaxPauseMilliseconds, 1 << Math.Min(waits, 5)) + 1)), cancellationToken);
        }

        return new Lease(database, key, token);
    }

    private sealed class Lease(IDatabase database, RedisKey key, RedisValue token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await database.ScriptEvaluateAsync(ReleaseScript, [key], [token]);
    }
}
