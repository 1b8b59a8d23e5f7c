using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Platform.Pruning;

/// <summary>Runs a <see cref="TablePruning"/> round every interval; a failed round is logged and retried next time.</summary>
public sealed partial class PruningService(
    IServiceScopeFactory scopes, IOptions<PruningOptions> options, TimeProvider clock, ILogger<PruningService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var started = Stopwatch.GetTimestamp();
                var pruned = await scope.ServiceProvider.GetRequiredService<TablePruning>().RunAsync(stoppingToken);
                if (pruned is null)
                {
                    LogHeldElsewhere(logger);
                }
                else
                {
                    var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    LogPruned(logger, pruned.Tokens, pruned.Authorizations, pruned.Sessions, pruned.AuditEvents, pruned.LogoutDeliveries, pruned.AlertDeliveries, elapsed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 4610, Level = LogLevel.Information,
        Message = "Pruned {Tokens} tokens, {Authorizations} authorizations, {Sessions} sessions, {AuditEvents} audit events, {LogoutDeliveries} logout deliveries, {AlertDeliveries} alert deliveries in {ElapsedMilliseconds} ms.")]
    private static partial void LogPruned(
        ILogger logger, long tokens, long authorizations, long sessions, long auditEvents, long logoutDeliveries, long alertDeliveries, long elapsedMilliseconds);

    [LoggerMessage(EventId = 4611, Level = LogLevel.Debug, Message = "Another instance is pruning; this round is skipped.")]
    private static partial void LogHeldElsewhere(ILogger logger);

    [LoggerMessage(EventId = 4612, Level = LogLevel.Error, Message = "A pruning round failed; the next one retries.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
