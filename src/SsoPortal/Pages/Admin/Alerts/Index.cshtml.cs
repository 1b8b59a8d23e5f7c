using System.Globalization;
using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Alerts;

/// <summary>
/// For administrators: the security alerts the detection rules raised, newest first, filtered by type, severity and
/// whether someone has acknowledged them; acknowledging one records who and when.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    public static readonly IReadOnlyList<string> Types =
        ["brute_force", "credential_stuffing", "password_spray", "impossible_travel", "new_device", "refresh_token_replay", "sms_pumping", "mfa_fatigue"];

    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high"];

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    /// <summary><c>open</c>, <c>acknowledged</c>, or empty for both.</summary>
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public bool IsAdministrator { get; private set; }

    public AlertResults? Results { get; private set; }

    private AlertQuery Query => new(Type, Severity, State switch { "open" => false, "acknowledged" => true, _ => null }, Math.Clamp(PageNumber, 1, 100_000));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await AdmitAsync())
        {
            return;
        }

        var found = await api.SearchAlertsAsync(Query, cancellationToken);
        (Results, Problem) = (found.Value, found.Problem);
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, CancellationToken cancellationToken)
    {
        if (!await AdmitAsync())
        {
            return Page();
        }

        Problem = await api.AcknowledgeAlertAsync(id, cancellationToken);
        if (Problem is null)
        {
            return Done(text["AlertAcknowledged"], new { Type, Severity, State, p = PageNumber > 1 ? PageNumber : (int?)null });
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>This page's address with the current filters, for another page of results.</summary>
    public string Link(int page) =>
        QueryHelpers.AddQueryString("/admin/alerts", new Dictionary<string, string?>
        {
            ["type"] = Type,
            ["severity"] = Severity,
            ["state"] = State,
            ["p"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        }.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)));

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
