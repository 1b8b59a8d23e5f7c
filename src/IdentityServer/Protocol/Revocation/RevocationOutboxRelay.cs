using Aict.IdentityServer.Platform.Data;
using Aict.ServiceDefaults.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// Writes the revocations kept in the outbox to Redis until it takes them, then deletes them. Polls with a
/// backoff per entry, and is woken when Redis reconnects so that the entries reach the list as the readers
/// resynchronise. Several instances may run it: an attempt is claimed by a conditional update of its count, and
/// an entry written twice is harmless (the same key and value, published again).
/// </summary>
internal sealed partial class RevocationOutboxRelay(
    IServiceScopeFactory scopes,
    IConnectionMultiplexer redis,
    IRevocationWriter writer,
    IOptions<RevocationOutboxOptions> options,
    TimeProvider clock,
    ILogger<RevocationOutboxRelay> logger) : BackgroundService
{
    // A claimed attempt whose instance died is taken up again after this.
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _reconnected = new(0, 1);

    public override void Dispose()
    {
        _reconnected.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            var ignoreBackoff = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!await RunRoundAsync(ignoreBackoff, stoppingToken))
                    {
                        ignoreBackoff = await _reconnected.WaitAsync(options.Value.PollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    // A database hiccup must not stop the relay for good; the next round tries again.
                    LogRoundFailed(logger, exception);
                    await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        try
        {
            _reconnected.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one round covers every reconnection meanwhile.
        }
        catch (ObjectDisposedException)
        {
            // The relay has stopped.
        }
    }

    /// <summary>Writes due entries, at most a batch; true when the whole batch went through and more may be waiting.</summary>
    private async Task<bool> RunRoundAsync(bool ignoreBackoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.PendingRevocations.AsNoTracking()
            .Where(p => ignoreBackoff || p.NextAttemptAt <= now)
            .OrderBy(p => p.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var entry in due)
        {
            var attempt = entry.Attempts + 1;
            var claimed = await db.PendingRevocations.Where(p => p.Id == entry.Id && p.Attempts == entry.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Attempts, attempt).SetProperty(p => p.NextAttemptAt, now + ClaimMargin), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            try
            {
                await entry.WriteAsync(writer, cancellationToken);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                var next = clock.GetUtcNow() + options.Value.RetryDelay(attempt);
                var error = exception.GetType().Name;
                await db.PendingRevocations.Where(p => p.Id == entry.Id && p.Attempts == attempt)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.NextAttemptAt, next).SetProperty(p => p.LastError, error), cancellationToken);
                LogRetrying(logger, entry.Kind, entry.Target, attempt, error, next);
                // Redis is still away: the rest of the batch would only wait for the same timeout.
                return false;
            }

            await db.PendingRevocations.Where(p => p.Id == entry.Id).ExecuteDeleteAsync(cancellationToken);
            LogWritten(logger, entry.Kind, entry.Target, attempt, entry.CreatedAt);
        }

        return due.Count == options.Value.BatchSize;
    }

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information,
        Message = "{Kind} {Id} from the revocation outbox is on the list (attempt {Attempt}, revoked at {CreatedAt:O})")]
    private static partial void LogWritten(ILogger logger, RevocationKind kind, string id, int attempt, DateTimeOffset createdAt);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "{Kind} {Id} from the revocation outbox could not be written on attempt {Attempt} ({Error}); retrying at {NextAttemptAt:O}")]
    private static partial void LogRetrying(ILogger logger, RevocationKind kind, string id, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "A revocation outbox round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
