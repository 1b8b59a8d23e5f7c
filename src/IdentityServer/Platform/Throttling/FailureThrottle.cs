using System.Globalization;
using System.Net;
using Aict.ServiceDefaults.Edge;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// Per-address and global throttles on failed attempts, shared by every instance. Asking whether an attempt may go
/// ahead reads only <see cref="ThrottleBlocks"/>, in memory: successes never reach Redis. A failure is one script in
/// Redis that counts it under both limits and, when one is reached, publishes the block to every instance.
/// Without Redis the throttles fail open (logged): the per-account lockout, in the database, still holds.
/// </summary>
public sealed partial class FailureThrottle(
    IConnectionMultiplexer redis, ThrottleBlocks blocks, IOptions<ThrottlingOptions> options, ILogger<FailureThrottle> logger)
{
    // KEYS: the address counter, the global counter. ARGV: window and limit of each, the channel, each scope.
    // A counter's window starts at its first failure; from the limit on, every failure publishes what is left of it.
    private const string CountFailure = """
        local left = {}
        for i, key in ipairs(KEYS) do
          local window = tonumber(ARGV[2 * i - 1])
          local count = redis.call('INCR', key)
          local ttl = redis.call('PTTL', key)
          if ttl < 0 then
            redis.call('PEXPIRE', key, window)
            ttl = window
          end
          if count >= tonumber(ARGV[2 * i]) then
            redis.call('PUBLISH', ARGV[5], ARGV[5 + i] .. '|' .. ttl)
            left[i] = ttl
          else
            left[i] = 0
          end
        end
        return left
        """;

    /// <summary>How long the client at this address must wait before trying again; null when it may go ahead.</summary>
    public TimeSpan? RetryAfter(ThrottledAction action, IPAddress? address)
    {
        if (!blocks.AnyActive)
        {
            return null;
        }

        var perAddress = blocks.RetryAfter(AddressScope(action, address));
        var global = blocks.RetryAfter(GlobalScope(action));
        return perAddress > global || global is null ? perAddress : global;
    }

    /// <summary>Counts a failed attempt from this address; blocks the address, or everyone, when a limit is reached.</summary>
    public async Task RecordFailureAsync(ThrottledAction action, IPAddress? address)
    {
        var settings = options.Value;
        var limits = settings.For(action);
        string[] scopes = [AddressScope(action, address), GlobalScope(action)];
        try
        {
            var left = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(CountFailure,
                [settings.KeyPrefix + scopes[0], settings.KeyPrefix + scopes[1]],
                [
                    (long)limits.PerClientAddress.Window.TotalMilliseconds, limits.PerClientAddress.Failures,
                    (long)limits.Global.Window.TotalMilliseconds, limits.Global.Failures,
                    settings.Channel, scopes[0], scopes[1],
                ]))!;
            for (var i = 0; i < scopes.Length; i++)
            {
                if ((long)left[i] is > 0 and var milliseconds)
                {
                    blocks.Block(scopes[i], TimeSpan.FromMilliseconds(milliseconds));
                    LogBlocked(logger, scopes[i], milliseconds / 1000);
                }
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCounterUnavailable(logger, action, exception);
        }
    }

    /// <summary>A <c>Retry-After</c> value: whole seconds, rounded up, never 0, so a client that waits this long is let through.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    /// <summary>Applies a block another instance published: "scope|milliseconds".</summary>
    public void ApplyPublished(string message)
    {
        var separator = message.LastIndexOf('|');
        if (separator > 0 && long.TryParse(message.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds > 0)
        {
            blocks.Block(message[..separator], TimeSpan.FromMilliseconds(milliseconds));
        }
    }

    private static string AddressScope(ThrottledAction action, IPAddress? address) =>
        $"{Name(action)}:address:{ClientAddress.CountingKey(address)}";

    private static string GlobalScope(ThrottledAction action) => $"{Name(action)}:global";

    private static string Name(ThrottledAction action) => action == ThrottledAction.SignIn ? "sign-in" : "client-authentication";

    [LoggerMessage(EventId = 1350, Level = LogLevel.Warning, Message = "Too many failures: {Scope} is blocked for {Seconds} s")]
    private static partial void LogBlocked(ILogger logger, string scope, long seconds);

    [LoggerMessage(EventId = 1351, Level = LogLevel.Error,
        Message = "Redis is unreachable: a failed {Action} was not counted (the throttle fails open; per-account lockout still applies)")]
    private static partial void LogCounterUnavailable(ILogger logger, ThrottledAction action, Exception exception);
}
