using System.Globalization;
using Aict.IdentityServer.Detection.Devices;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.PasswordReset;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.Secure;

/// <summary>
/// Where the "this was not me" link of a new-sign-in e-mail lands (<see cref="SignInNoticeMailer"/>). The button ends the session
/// the e-mail named and sends a password-reset link to the account's address; a tampered or expired link gets one answer.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    SecureLinks links,
    UserManager<ApplicationUser> users,
    SessionTermination termination,
    ResetRequestLimiter limiter,
    ResetLinkRequests resets,
    IOptions<ServerOptions> server) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    public bool LinkInvalid { get; private set; }

    public bool Done { get; private set; }

    public void OnGet() => LinkInvalid = links.Read(Token) is null;

    public async Task<IActionResult> OnPostAsync()
    {
        if (links.Read(Token) is not var (userId, sessionId) || await users.FindByIdAsync(userId) is not { Email: { } email })
        {
            LinkInvalid = true;
            return Page();
        }

        await termination.EndAsync(userId, sessionId, SessionEndReason.EndedByUser, cancellationToken: HttpContext.RequestAborted);
        // The reset mailer sends only to a confirmed address; the limits keep a replayed link from flooding the mailbox.
        if (await limiter.TryTakeAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), users.NormalizeEmail(email)) is null)
        {
            resets.Enqueue(new ResetLinkRequest(email, CultureInfo.CurrentUICulture, server.Value.Issuer!));
        }

        Done = true;
        return Page();
    }
}
