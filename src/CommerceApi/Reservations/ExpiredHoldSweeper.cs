using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Reservations;

/// <summary>
/// Gives the places of lapsed holds back every <see cref="ReservationOptions.SweepInterval"/>. Safe
/// with several API instances: each hold is expired by a compare-and-set, so only one instance wins it.
/// </summary>
internal sealed partial class ExpiredHoldSweeper(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReservationOptions> options, ILogger<ExpiredHoldSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var released = await scope.ServiceProvider.GetRequiredService<ISlotLedger>().ReleaseLapsedHoldsAsync(slotId: null, stoppingToken);
                if (released > 0)
                {
                    LogReleased(logger, released);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database hiccup must not stop the sweeper; the next tick tries again.
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Released {Count} lapsed reservation hold(s).")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Sweeping lapsed reservation holds failed; retrying at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
