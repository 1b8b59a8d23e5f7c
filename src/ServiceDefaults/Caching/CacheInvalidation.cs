using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Caching;

/// <summary>
/// Tells every instance of the realm to forget what a cache remembers about a changed source, through one Redis channel.
/// A cache subscribes by name with what forgetting means to it; a write publishes the name and the key it changed (null:
/// everything). Whoever publishes has already forgotten its own entry, so a message from this instance is ignored here.
/// A message lost while Redis is away is made good when the subscription returns: every cache then forgets everything.
/// </summary>
public sealed partial class CacheInvalidation : IDisposable
{
    /// <summary>The realm's signing keys: IdentityServer publishes a change, its instances reload the ring, resource servers their JWKS.</summary>
    public const string SigningKeys = "signing-keys";

    // Cache names and keys never contain a line feed (client ids and scope names exclude it), so it separates the parts.
    private const char Separator = '\n';

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<CacheInvalidation> _logger;
    private readonly RedisChannel _channel;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Action<string?>> _caches = new(StringComparer.Ordinal);
    private int _listening;

    public CacheInvalidation(IConnectionMultiplexer redis, IOptions<CacheInvalidationOptions> options, ILogger<CacheInvalidation> logger)
    {
        _redis = redis;
        _logger = logger;
        _channel = RedisChannel.Literal(options.Value.Channel);
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>
    /// Calls <paramref name="forget"/> with the key another instance changed, or null when everything must go. Listening
    /// starts with the first subscription; <see cref="StartListeningAsync"/> waits for it.
    /// </summary>
    public void Subscribe(string cache, Action<string?> forget)
    {
        if (!_caches.TryAdd(cache, forget))
        {
            throw new InvalidOperationException($"The cache '{cache}' already listens for invalidations.");
        }

        _ = StartListeningAsync();
    }

    /// <summary>Subscribes to the channel once; an unreachable Redis is logged and retried by the connection itself.</summary>
    public async Task StartListeningAsync()
    {
        if (Interlocked.Exchange(ref _listening, 1) == 1)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => OnMessage(message));
        }
        catch (RedisException exception)
        {
            // StackExchange.Redis re-establishes subscriptions it knows of; one that never reached Redis is retried here.
            Volatile.Write(ref _listening, 0);
            LogSubscribeFailed(_logger, exception);
        }
    }

    /// <summary>Tells the other instances, without waiting: a lost message costs them the cache's lifetime, never correctness.</summary>
    public void Publish(string cache, string? key)
    {
        try
        {
            _redis.GetSubscriber().Publish(_channel, Message(cache, key), CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            LogPublishFailed(_logger, cache, exception);
        }
    }

    /// <summary>Tells the other instances and waits until Redis took the message: for a process that exits right after.</summary>
    public async Task PublishAsync(string cache, string? key)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, Message(cache, key));
        }
        catch (RedisException exception)
        {
            LogPublishFailed(_logger, cache, exception);
        }
    }

    public void Dispose() => _redis.ConnectionRestored -= OnConnectionRestored;

    private string Message(string cache, string? key) => string.Join(Separator, _origin, cache, key ?? string.Empty);

    private void OnMessage(RedisValue message)
    {
        var parts = message.ToString().Split(Separator, 3);
        if (parts.Length != 3 || parts[0] == _origin || !_caches.TryGetValue(parts[1], out var forget))
        {
            return;
        }

        Forget(parts[1], forget, parts[2].Length == 0 ? null : parts[2]);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        _ = StartListeningAsync();
        foreach (var (cache, forget) in _caches)
        {
            Forget(cache, forget, key: null);
        }
    }

    private void Forget(string cache, Action<string?> forget, string? key)
    {
        try
        {
            forget(key);
        }
        catch (Exception exception)
        {
            // A handler's failure must not end the subscription for every other cache.
            LogForgetFailed(_logger, cache, exception);
        }
    }

    [LoggerMessage(EventId = 6400, Level = LogLevel.Warning, Message = "Could not subscribe to cache invalidations; caches fall back on their lifetimes until Redis answers")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Could not tell the other instances to forget {Cache}; they catch up within its lifetime")]
    private static partial void LogPublishFailed(ILogger logger, string cache, Exception exception);

    [LoggerMessage(EventId = 6402, Level = LogLevel.Error, Message = "Forgetting {Cache} after an invalidation failed")]
    private static partial void LogForgetFailed(ILogger logger, string cache, Exception exception);
}
