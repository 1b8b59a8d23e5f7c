using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Profile;

/// <summary>
/// Shows the profile; edits the name and phone number; asks for a new e-mail address (applied once the link sent
/// to it is opened); changes the password (which ends the user's other sessions).
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    public UserProfile Current { get; private set; } = null!;

    [BindProperty]
    public ProfileInput Profile { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    public EmailInput Email { get; set; } = new();

    public async Task OnGetAsync()
    {
        Current = await profile.GetAsync();
        Profile = new ProfileInput { GivenName = Current.GivenName, FamilyName = Current.FamilyName, PhoneNumber = Current.PhoneNumber };
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        if (IsValid(nameof(Profile)))
        {
            Problem = await api.UpdateProfileAsync(new ProfileChange(Profile.GivenName, Profile.FamilyName, Profile.PhoneNumber), cancellationToken);
            if (Problem is null)
            {
                return Done(text["ProfileSaved"]);
            }
        }

        ProblemFor = "profile";
        Current = await profile.GetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken)
    {
        // A post without the field binds nothing, and so validates nothing: the address is checked for itself.
        if (IsValid(nameof(Email)) && Email?.NewEmail?.Trim() is { Length: > 0 } address)
        {
            Problem = await api.RequestEmailChangeAsync(address, cancellationToken);
            if (Problem is null)
            {
                return Done(text["EmailChangeSent", address]);
            }

            if (Problem.NeedsRecentSignIn)
            {
                return SignInAgain(Url.Page("/Profile/Index")!);
            }
        }

        ProblemFor = "email";
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (IsValid(nameof(Password)))
        {
            Problem = await api.ChangePasswordAsync(Password.CurrentPassword!, Password.NewPassword!, cancellationToken);
            if (Problem is null)
            {
                return Done(text["PasswordChanged"]);
            }
        }

        ProblemFor = "password";
        await OnGetAsync();
        return Page();
    }
}
