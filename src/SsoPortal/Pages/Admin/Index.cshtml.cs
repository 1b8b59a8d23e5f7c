using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin;

/// <summary>
/// For administrators: find a user, see their sessions and MFA state, lock or unlock them, sign them out everywhere.
/// IdentityServer checks the role on every call; the page only spares others a useless form.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    public bool IsAdministrator { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    public IReadOnlyList<UserSummary> Users { get; private set; } = [];

    public UserSummary? Selected { get; private set; }

    public IReadOnlyList<SessionInfo> SelectedSessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (Query is not null)
        {
            Users = await api.FindUsersAsync(Query, cancellationToken);
        }

        if (UserId is not null)
        {
            Selected = await api.GetUserAsync(UserId, cancellationToken);
            SelectedSessions = await api.GetUserSessionsAsync(UserId, cancellationToken);
        }
    }

    public Task<IActionResult> OnPostLockAsync(string userId, CancellationToken cancellationToken) =>
        ActAsync(userId, "lock", "UserLocked", cancellationToken);

    public Task<IActionResult> OnPostUnlockAsync(string userId, CancellationToken cancellationToken) =>
        ActAsync(userId, "unlock", "UserUnlocked", cancellationToken);

    public Task<IActionResult> OnPostSignOutEverywhereAsync(string userId, CancellationToken cancellationToken) =>
        ActAsync(userId, "sign-out-everywhere", "UserSignedOutEverywhere", cancellationToken);

    private async Task<IActionResult> ActAsync(string userId, string action, string status, CancellationToken cancellationToken)
    {
        Problem = await api.ActOnUserAsync(userId, action, cancellationToken);
        if (Problem is null)
        {
            return Done(text[status], new { user = userId, query = Query });
        }

        UserId = userId;
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
