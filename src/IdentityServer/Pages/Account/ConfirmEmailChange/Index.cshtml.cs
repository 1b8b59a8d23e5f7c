using Aict.IdentityServer.SignIn.SignUp;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Pages.Account.ConfirmEmailChange;

/// <summary>
/// Where the link sent to a new e-mail address lands. It needs the account's own session (a stranger who receives
/// a link meant for a mistyped address cannot use it); opening it shows a button, which moves the account to the
/// new address. A used, expired, tampered or someone else's link gets one answer.
/// </summary>
[Authorize]
public sealed class IndexModel(EmailVerification verification) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    public EmailChangeOutcome? Refusal { get; private set; }

    public async Task OnGetAsync()
    {
        if (await verification.ChangeLinkAsync(User.FindFirst(Claims.Subject)?.Value, UserId, Email, Token) is null)
        {
            Refusal = EmailChangeOutcome.LinkInvalid;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await verification.ApplyChangeAsync(User.FindFirst(Claims.Subject)?.Value, UserId, Email, Token, HttpContext.RequestAborted);
        if (outcome != EmailChangeOutcome.Applied)
        {
            Refusal = outcome;
            return Page();
        }

        return RedirectToPage("Done", new { ui_locales = UiLocales });
    }
}
