using Aict.ServiceDefaults.Telemetry;

namespace Aict.IdentityServer.Sessions;

/// <summary>
/// Feeds <c>aict_sessions_active</c>: a scrape reads the last count, and a count older than <see cref="RefreshInterval"/>
/// is refreshed in the background, one query at a time, so a burst of scrapes costs the database at most one query.
/// </summary>
internal sealed partial class ActiveSessionCount(
    IServiceScopeFactory scopes, AictMetrics metrics, TimeProvider clock, ILogger<ActiveSessionCount> logger) : IHostedService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private long _count;
    private long _countedAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _counting;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveActiveSessions(Read);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private long Read()
    {
        var now = clock.GetUtcNow();
        if (now.UtcTicks - Interlocked.Read(ref _countedAtTicks) >= RefreshInterval.Ticks && Interlocked.CompareExchange(ref _counting, 1, 0) == 0)
        {
            _ = CountAsync(now);
        }

        return Interlocked.Read(ref _count);
    }

    private async Task CountAsync(DateTimeOffset now)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            Interlocked.Exchange(ref _count, await scope.ServiceProvider.GetRequiredService<SessionRegistry>().CountActiveAsync());
        }
        catch (Exception exception)
        {
            // The gauge keeps its last value; the next scrape after the interval tries again.
            LogCountFailed(logger, exception);
        }
        finally
        {
            Interlocked.Exchange(ref _countedAtTicks, now.UtcTicks);
            Volatile.Write(ref _counting, 0);
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Could not count the active sessions for aict_sessions_active")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
