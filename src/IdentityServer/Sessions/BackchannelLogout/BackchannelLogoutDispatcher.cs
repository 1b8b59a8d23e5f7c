using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Delivers stored logout notices in the background: woken when notices are stored, and polling for retries.</summary>
internal sealed partial class BackchannelLogoutDispatcher(
    IServiceScopeFactory scopes,
    DispatcherWakeUp wakeUp,
    IOptions<BackchannelLogoutOptions> options,
    ILogger<BackchannelLogoutDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool moreDue;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    moreDue = await scope.ServiceProvider.GetRequiredService<LogoutNoticeRound>().RunAsync(stoppingToken);
                }

                if (!moreDue)
                {
                    await wakeUp.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database or key hiccup must not stop deliveries for good; the next round tries again.
                LogRoundFailed(logger, exception);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "A back-channel logout delivery round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
