using Aict.IdentityServer.SignIn.SignUp;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.IdentityServer.Pages.Account.VerifyEmail;

/// <summary>
/// Where a new account's e-mailed link lands. Opening it only shows a button: a mail scanner that fetches the
/// link does not use it up. The button confirms the address; a used, expired or tampered link gets one answer,
/// with the ways on: sign in, or ask for a new link.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(EmailVerification verification) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    public bool LinkInvalid { get; private set; }

    public string? Email { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await verification.SignUpLinkAsync(UserId, Token);
        LinkInvalid = user is null;
        Email = user?.Email;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await verification.ConfirmSignUpAsync(UserId, Token, HttpContext.RequestAborted))
        {
            LinkInvalid = true;
            return Page();
        }

        return RedirectToPage("Done", new { ui_locales = UiLocales });
    }
}
