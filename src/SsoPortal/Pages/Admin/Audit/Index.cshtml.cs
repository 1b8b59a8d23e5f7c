using System.Globalization;
using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.SsoPortal.Pages.Admin.Audit;

/// <summary>
/// The audit log across users: filters (user, administrator, app, event, a UTC time range whose start is included and
/// end is not), pages newest first, and the same selection downloaded as CSV or JSON lines through the portal.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile) : PortalPageModel
{
    /// <summary>The event types offered in the filter; the API takes any.</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "user_created", "user_updated", "account_disabled", "account_enabled", "account_deleted", "account_locked", "account_unlocked",
        "role_created", "role_deleted", "role_granted", "role_revoked", "mfa_reset", "signed_out_everywhere", "client_tokens_revoked",
        "signed_in", "sign_in_failed", "locked_out", "session_ended", "password_changed", "password_reset", "consent_revoked",
    ];

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Client { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    /// <summary>A <c>datetime-local</c> value, read as UTC.</summary>
    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public bool IsAdministrator { get; private set; }

    public AuditResults? Results { get; private set; }

    public AuditQuery Query => new(Subject, Actor, Client, Type, Utc(From), Utc(To), Math.Clamp(PageNumber, 1, 100_000));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await AdmitAsync())
        {
            return;
        }

        var found = await api.SearchAuditAsync(Query, cancellationToken);
        (Results, Problem) = (found.Value, found.Problem);
    }

    /// <summary>Streams IdentityServer's export to the browser as it arrives; the admin's token stays in the portal.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!await AdmitAsync())
        {
            return Page();
        }

        var (download, problem) = await api.ExportAuditAsync(Query, format is "jsonl" ? "jsonl" : "csv", cancellationToken);
        if (download is null)
        {
            Problem = problem;
            return Page();
        }

        HttpContext.Response.RegisterForDispose(download);
        return File(await download.OpenAsync(cancellationToken), download.ContentType, download.FileName);
    }

    /// <summary>This page's address with the current filters, for another page of results or an export.</summary>
    public string Link(int page = 1, string? format = null) =>
        QueryHelpers.AddQueryString("/admin/audit", new Dictionary<string, string?>
        {
            ["handler"] = format is null ? null : "Export",
            ["format"] = format,
            ["user"] = Subject,
            ["actor"] = Actor,
            ["client"] = Client,
            ["type"] = Type,
            ["from"] = Local(From),
            ["to"] = Local(To),
            ["p"] = format is null && page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        }.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)));

    public static string? Local(DateTime? value) =>
        value?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)) : null;

    private async Task<bool> AdmitAsync()
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return IsAdministrator;
    }
}
