using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Users;

/// <summary>
/// One user for administrators: details and their edit, account state (disable, lock, sign out everywhere, reset
/// two-step sign-in), roles, sessions and activity. Deleting goes through its own confirmation page.
/// </summary>
public sealed class DetailsModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int ActivityPage { get; set; } = 1;

    [BindProperty]
    public UserEditInput Input { get; set; } = new();

    public bool IsAdministrator { get; private set; }

    public UserDetails? Details { get; private set; }

    public IReadOnlyList<SessionInfo> Sessions { get; private set; } = [];

    public IReadOnlyList<string> GrantableRoles { get; private set; } = [];

    public AuditResults Activity { get; private set; } = new([], 1, 0, false);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        FillForm();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (IsValid(nameof(Input)))
        {
            var saved = await api.UpdateUserAsync(UserId, new UserChange(Input.Email!, Input.GivenName, Input.FamilyName, Input.PhoneNumber, Input.Locale),
                cancellationToken);
            if (saved.Problem is null)
            {
                return Done(text["UserSaved"], new { UserId });
            }

            Problem = saved.Problem.ShowOnFields(ModelState, nameof(Input), text["CheckTheFields"],
                nameof(UserEditInput.Email), nameof(UserEditInput.GivenName), nameof(UserEditInput.FamilyName), nameof(UserEditInput.PhoneNumber),
                nameof(UserEditInput.Locale));
        }

        ProblemFor = "edit";
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public Task<IActionResult> OnPostLockAsync(CancellationToken cancellationToken) => ActAsync("lock", "UserLocked", cancellationToken);

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken) => ActAsync("unlock", "UserUnlocked", cancellationToken);

    public Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken) =>
        ActAsync("sign-out-everywhere", "UserSignedOutEverywhere", cancellationToken);

    public Task<IActionResult> OnPostResetMfaAsync(CancellationToken cancellationToken) => ActAsync("mfa/reset", "MfaWasReset", cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) => ActAsync("disable", "UserDisabled", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) => ActAsync("enable", "UserEnabled", cancellationToken);

    public async Task<IActionResult> OnPostGrantRoleAsync(string? role, CancellationToken cancellationToken) =>
        await FinishAsync(string.IsNullOrEmpty(role) ? null : await api.GrantRoleAsync(UserId, role, cancellationToken), "RoleGranted", "roles", cancellationToken);

    public async Task<IActionResult> OnPostRevokeRoleAsync(string? role, CancellationToken cancellationToken) =>
        await FinishAsync(string.IsNullOrEmpty(role) ? null : await api.RevokeRoleAsync(UserId, role, cancellationToken), "RoleRevoked", "roles", cancellationToken);

    private async Task<IActionResult> ActAsync(string action, string status, CancellationToken cancellationToken) =>
        await FinishAsync(await api.ActOnUserAsync(UserId, action, cancellationToken), status, "state", cancellationToken);

    private async Task<IActionResult> FinishAsync(ApiProblem? problem, string status, string form, CancellationToken cancellationToken)
    {
        if (problem is null)
        {
            return Done(text[status], new { UserId });
        }

        Problem = problem;
        ProblemFor = form;
        ModelState.Clear();
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        FillForm();
        return Page();
    }

    private void FillForm() => Input = new UserEditInput
    {
        Email = Details!.Email, GivenName = Details.GivenName, FamilyName = Details.FamilyName, PhoneNumber = Details.PhoneNumber, Locale = Details.Locale,
    };

    /// <summary>Reads the user and what the page lists about them; a refusal to show instead when there is nothing to show.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var found = await api.GetUserDetailsAsync(UserId, cancellationToken);
        if (found.Value is null)
        {
            return NotFound();
        }

        Details = found.Value;
        Sessions = await api.GetUserSessionsAsync(UserId, cancellationToken);
        GrantableRoles = [.. (await api.GetRolesAsync(cancellationToken)).Select(r => r.Name).Except(Details.Roles, StringComparer.Ordinal)];
        Activity = await api.GetUserActivityAsync(UserId, Math.Clamp(ActivityPage, 1, 100_000), cancellationToken);
        return null;
    }
}
