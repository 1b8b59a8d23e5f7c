using Aict.IdentityServer.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>Posts stored webhook deliveries in the background: woken when an alert is raised, and polling for retries.</summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    [FromKeyedServices(WebhookSink.WakeUpKey)] DispatcherWakeUp wakeUp,
    IOptions<AlertOptions> options,
    ILogger<WebhookDispatcher> logger) : OutboxDispatcher(scopes, wakeUp)
{
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override bool HasReceivers => options.Value.Webhooks.Count > 0;

    protected override Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<WebhookRound>().RunAsync(cancellationToken);

    protected override void LogRoundFailed(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Error, Message = "An alert webhook delivery round failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
