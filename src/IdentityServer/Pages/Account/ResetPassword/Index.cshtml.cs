using System.Text;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.IdentityServer.Pages.Account.ResetPassword;

/// <summary>
/// Sets a new password from an e-mailed link. Success ends every session of the user and revokes
/// their tokens; any bad link (unknown user, tampered, expired or used token) gets one generic answer.
/// </summary>
[AllowAnonymous]
public sealed partial class IndexModel(
    UserManager<ApplicationUser> users,
    SessionTermination sessions,
    AuditTrail audit,
    ILogger<IndexModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkInvalid { get; private set; }

    public async Task OnGetAsync()
    {
        // Checked before the form is shown, so nobody types a new password into a dead link.
        var (user, token) = await LinkAsync();
        LinkInvalid = user is null || !await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<ApplicationUser>.ResetPasswordTokenPurpose, token!);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, token) = await LinkAsync();
        if (user is null)
        {
            LinkInvalid = true;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token!, Input.NewPassword);
        if (!result.Succeeded)
        {
            // Identity checks the token before the password rules: an invalid token is all there is to say.
            LinkInvalid = result.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.InvalidToken));
            foreach (var error in LinkInvalid ? [] : result.Errors)
            {
                ModelState.AddModelError("Input.NewPassword", error.Description);
            }

            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        if (user.LockoutEnd is not null && !AdministratorLock.IsOn(user))
        {
            // A lockout from failed attempts guarded the old password; an administrator's lock is not the user's to lift.
            await users.SetLockoutEndDateAsync(user, null);
        }

        // The old password may be known to someone else: every session and every token issued with it ends.
        await sessions.EndAllAsync(user.Id, SessionEndReason.PasswordReset, cancellationToken: HttpContext.RequestAborted);
        await audit.RecordAsync(AuditEventTypes.PasswordReset, user.Id, cancellationToken: HttpContext.RequestAborted);
        LogPasswordReset(logger, user.Id);
        return RedirectToPage("Done", new { ui_locales = UiLocales });
    }

    private async Task<(ApplicationUser? User, string? Token)> LinkAsync()
    {
        var token = DecodeToken(Token);
        if (string.IsNullOrEmpty(UserId) || token is null)
        {
            return (null, null);
        }

        return (await users.FindByIdAsync(UserId), token);
    }

    private static string? DecodeToken(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2320, Level = LogLevel.Information, Message = "User {UserId} reset the password; every session ended")]
    private static partial void LogPasswordReset(ILogger logger, string userId);
}
