using Aict.IdentityServer.Detection.Alerts;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>
/// Raises the abuse rules' alerts in a scope of their own, so that saving the alert never also saves what the caller's
/// database context still tracks (a token row whose update just failed), and a failure to raise one is logged, never
/// the failure of the request that tripped the rule.
/// </summary>
public sealed partial class AbuseAlerts(IServiceScopeFactory scopes, ILogger<AbuseAlerts> logger)
{
    public async Task RaiseAsync(SecurityAlertDraft draft, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(draft, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRaiseFailed(logger, exception, draft.Type);
        }
    }

    [LoggerMessage(EventId = 5320, Level = LogLevel.Error, Message = "A {AlertType} alert could not be raised")]
    private static partial void LogRaiseFailed(ILogger logger, Exception exception, string alertType);
}
