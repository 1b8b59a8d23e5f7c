namespace Aict.SsoPortal.Account;

/// <summary>The console's security alerts: filtered pages, and acknowledging one.</summary>
public sealed partial class AccountApiClient
{
    /// <summary>A page of alerts, newest first, or the API's problem with the filters.</summary>
    public Task<ApiResult<AlertResults>> SearchAlertsAsync(AlertQuery query, CancellationToken cancellationToken) =>
        SendAsync<AlertResults>(HttpMethod.Get, $"api/admin/alerts?{query.ToQueryString()}", null, cancellationToken);

    /// <summary>Marks the alert as seen by the signed-in administrator; null when done (also when it already was).</summary>
    public Task<ApiProblem?> AcknowledgeAlertAsync(long id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/admin/alerts/{id}/acknowledge", null, cancellationToken);
}
