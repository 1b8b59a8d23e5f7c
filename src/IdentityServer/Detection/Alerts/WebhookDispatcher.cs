using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>Posts stored webhook deliveries in the background: woken when an alert is raised, and polling for retries.</summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    [FromKeyedServices(WebhookSink.WakeUpKey)] DispatcherWakeUp wakeUp,
    IOptions<AlertOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Webhooks.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool moreDue;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    moreDue = await scope.ServiceProvider.GetRequiredService<WebhookRound>().RunAsync(stoppingToken);
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
                // A database hiccup must not stop deliveries for good; the next round tries again.
                LogRoundFailed(logger, exception);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 5303, Level = LogLevel.Error, Message = "An alert webhook delivery round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
