using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>
/// Keeps the local copy fed: subscribed to the channel, loaded in full on start and after every lost
/// subscription, expired entries dropped. Recovers by itself when Redis returns.
/// </summary>
public sealed partial class RevocationListSync(
    IConnectionMultiplexer redis, RevocationCopy copy, IOptions<RevocationOptions> options, ILogger<RevocationListSync> logger,
    AictMetrics? metrics = null, TimeProvider? clock = null)
    : IHostedService, IDisposable
{
    private readonly RevocationOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    // Bumped on every lost connection: a full load that spans one must not declare the copy current.
    private long _generation;
    private bool _subscribed;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        // The first load happens before the host serves requests, so a healthy start answers from a full copy.
        await SynchroniseAsync();
        _loop = Task.Run(() => MaintainAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice (a test factory disposed after an explicit stop): only the first stop acts.
        var loop = Interlocked.Exchange(ref _loop, null);
        if (loop is null)
        {
            return;
        }

        redis.ConnectionFailed -= OnConnectionFailed;
        await _stopping.CancelAsync();
        await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Increment(ref _generation);
        copy.MarkStale();
        LogConnectionLost(logger, e.ConnectionType, e.FailureType);
    }

    private async Task MaintainAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                copy.RemoveExpired();
                await SynchroniseAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private async Task SynchroniseAsync()
    {
        var channel = RedisChannel.Literal(_options.Channel);
        var subscriber = redis.GetSubscriber();
        if (!redis.IsConnected || (_subscribed && !subscriber.IsConnected(channel)))
        {
            copy.MarkStale();
            return;
        }

        if (copy.IsCurrent)
        {
            return;
        }

        var generation = Interlocked.Read(ref _generation);
        try
        {
            if (!_subscribed)
            {
                await subscriber.SubscribeAsync(channel, (_, message) =>
                {
                    if (RevocationEntry.TryParsePublished(message, out var entry, out var writtenAt))
                    {
                        copy.Apply(entry);
                        // Only entries received live measure propagation; a full load says nothing about it.
                        if (writtenAt is { } written && metrics is not null)
                        {
                            metrics.RevocationPropagated((clock ?? TimeProvider.System).GetUtcNow() - written);
                        }
                    }
                });
                _subscribed = true;
            }

            // Subscribed first, then loaded: an entry written meanwhile arrives by one route or both (applying twice is harmless).
            var loaded = await LoadAllAsync();
            if (Interlocked.Read(ref _generation) == generation && redis.IsConnected && subscriber.IsConnected(channel))
            {
                copy.MarkCurrent();
                LogResynchronised(logger, loaded);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            copy.MarkStale();
            LogResyncFailed(logger, exception);
        }
    }

    private async Task<int> LoadAllAsync()
    {
        var database = redis.GetDatabase();
        var server = redis.GetServers().First(candidate => candidate.IsConnected);
        var loaded = 0;
        var batch = new List<RedisKey>(256);
        await foreach (var key in server.KeysAsync(pattern: _options.KeyPrefix + "*", pageSize: 256))
        {
            batch.Add(key);
            if (batch.Count == batch.Capacity)
            {
                loaded += await ApplyAsync(database, batch);
            }
        }

        return loaded + await ApplyAsync(database, batch);
    }

    private async Task<int> ApplyAsync(IDatabase database, List<RedisKey> keys)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        var applied = 0;
        foreach (var value in await database.StringGetAsync([.. keys]))
        {
            if (RevocationEntry.TryParse(value, out var entry))
            {
                copy.Apply(entry);
                applied++;
            }
        }

        keys.Clear();
        return applied;
    }

    [LoggerMessage(LogLevel.Warning, "Revocation list connection lost ({ConnectionType}, {FailureType}); answering from the local copy within the staleness bound.")]
    private static partial void LogConnectionLost(ILogger logger, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(LogLevel.Information, "Revocation list resynchronised: {Count} entries loaded.")]
    private static partial void LogResynchronised(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Revocation list resynchronisation failed; retrying.")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception);
}
