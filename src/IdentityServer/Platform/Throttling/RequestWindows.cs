using Aict.IdentityServer.Detection.Abuse;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// Fixed-window request limits counted in Redis under <c>Throttling:KeyPrefix</c>, so that every instance enforces one
/// limit together. One script checks every limit of a request and counts it only when all of them have room.
/// Identifiers (addresses, e-mail addresses) are hashed into the keys. Without Redis the limits fail open (logged).
/// </summary>
public sealed partial class RequestWindows(IConnectionMultiplexer redis, IOptions<ThrottlingOptions> options, ILogger<RequestWindows> logger)
{
    // KEYS: one counter per limit. ARGV: each limit's permits, then its window in milliseconds.
    // A window starts at its first request; a refused request is not counted and gets the longest wait of the full windows.
    private const string Take = """
        local wait = 0
        for i, key in ipairs(KEYS) do
          if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then
            local ttl = redis.call('PTTL', key)
            if ttl < 0 then
              ttl = tonumber(ARGV[2 * i])
              redis.call('PEXPIRE', key, ttl)
            end
            wait = math.max(wait, ttl)
          end
        end
        if wait > 0 then return wait end
        for i, key in ipairs(KEYS) do
          if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
        end
        return 0
        """;

    /// <summary>Counts one request under every limit; null when it may go ahead, otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TryTakeAsync(params RequestLimit[] limits)
    {
        var prefix = options.Value.KeyPrefix + "requests:";
        var keys = limits.Select(limit => (RedisKey)$"{prefix}{limit.Name}:{NetworkKey.Hash(limit.Identifier)}").ToArray();
        var arguments = limits.SelectMany(limit => new RedisValue[] { limit.Permits, (long)limit.Window.TotalMilliseconds }).ToArray();
        try
        {
            var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Take, keys, arguments);
            return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCounterUnavailable(logger, string.Join(", ", limits.Select(limit => limit.Name)), exception);
            return null;
        }
    }

    [LoggerMessage(EventId = 6200, Level = LogLevel.Error,
        Message = "Redis is unreachable: a request under {Limits} was let through uncounted (the request limits fail open)")]
    private static partial void LogCounterUnavailable(ILogger logger, string limits, Exception exception);
}

/// <summary>At most <paramref name="Permits"/> requests per <paramref name="Window"/> for one identifier under one name.</summary>
public readonly record struct RequestLimit(string Name, string Identifier, int Permits, TimeSpan Window);
