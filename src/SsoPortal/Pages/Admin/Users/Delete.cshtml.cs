using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Users;

/// <summary>Deleting a user is a step of its own: this page says what it ends and asks to confirm.</summary>
public sealed class DeleteModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = string.Empty;

    public bool IsAdministrator { get; private set; }

    public UserDetails? Details { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Problem = await api.DeleteUserAsync(UserId, cancellationToken);
        if (Problem is null)
        {
            TempData[StatusKey] = text["UserDeleted"].Value;
            return RedirectToPage("/Admin/Index");
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return null;
        }

        Details = (await api.GetUserDetailsAsync(UserId, cancellationToken)).Value;
        return Details is null ? NotFound() : null;
    }
}
