namespace Aict.SsoPortal.Account;

/// <summary>The console's audit log: filtered pages, and exports streamed through from IdentityServer.</summary>
public sealed partial class AccountApiClient
{
    /// <summary>A page of events, or the API's problem with the filters (a time range that ends before it starts).</summary>
    public Task<ApiResult<AuditResults>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        SendAsync<AuditResults>(HttpMethod.Get, $"api/admin/audit?{query.ToQueryString()}", null, cancellationToken);

    /// <summary>
    /// Starts the export in <paramref name="format"/> (<c>csv</c> or <c>jsonl</c>): the answer's headers are read,
    /// its body is left to stream. A refusal comes back as the API's problem.
    /// </summary>
    public async Task<(AuditDownload? Download, ApiProblem? Problem)> ExportAuditAsync(AuditQuery query, string format, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync($"api/admin/audit/export?{query.ToQueryString(format)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return (new AuditDownload(response), null);
        }

        using (response)
        {
            return (null, await ProblemOfAsync(response, cancellationToken));
        }
    }
}
