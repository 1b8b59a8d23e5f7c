using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Users;

/// <summary>Creates a user with a first password, or without one: IdentityServer then e-mails them a link to choose it.</summary>
public sealed class CreateModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public bool IsAdministrator { get; private set; }

    public async Task OnGetAsync() => await AdmitAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await AdmitAsync())
        {
            return Page();
        }

        if (IsValid(nameof(Input)))
        {
            var password = string.IsNullOrEmpty(Input.Password) ? null : Input.Password;
            var created = await api.CreateUserAsync(new NewUserRequest(Input.Email!, Input.GivenName, Input.FamilyName, password, Input.Locale), cancellationToken);
            if (created.Value is { } user)
            {
                TempData[StatusKey] = text[password is null ? "UserCreatedLinkSent" : "UserCreated"].Value;
                return RedirectToPage("/Admin/Users/Details", new { userId = user.Id });
            }

            Problem = created.Problem?.ShowOnFields(ModelState, nameof(Input), text["CheckTheFields"],
                nameof(NewUserInput.Email), nameof(NewUserInput.GivenName), nameof(NewUserInput.FamilyName), nameof(NewUserInput.Password),
                nameof(NewUserInput.Locale));
        }

        return Page();
    }

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
