using System.ComponentModel.DataAnnotations;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.Mfa;

/// <summary>
/// Enrolment inside a sign-in, for a user without a second factor who needs one (the client requires
/// MFA, or the request asked for it): an authenticator app, confirmed by its first code, then the
/// recovery codes once. More factors are managed in the portal. Like the account API, binding a factor
/// needs a password typed within <see cref="MfaOptions.RecentSignInWindow"/>: an older session signs in
/// again first and comes back here, so that a session cookie alone cannot bind an attacker's app.
/// </summary>
[AllowAnonymous]
public sealed class EnrolModel(
    SecondFactorSignIn signIn,
    MfaFactors factors,
    TotpEnrolment enrolment,
    RecoveryCodeSet recoveryCodes,
    IOptions<MfaOptions> options,
    TimeProvider time,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "CodeRequired")]
    [Display(Name = "Code")]
    public string Code { get; set; } = string.Empty;

    /// <summary>The otpauth URI and key shown for scanning, read from the pending enrolment, never from the form.</summary>
    public string AuthenticatorUri { get; private set; } = string.Empty;

    public string ManualEntryKey { get; private set; } = string.Empty;

    /// <summary>Set once enrolment is done: the recovery codes, shown this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string ContinueUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await PendingWithoutFactorAsync() is not { } pending)
        {
            return RedirectToPage("/Account/Mfa/Index", new { ReturnUrl });
        }

        if (!IsRecent(pending))
        {
            return SignInAgain();
        }

        if (await enrolment.BeginAsync(pending.User, HttpContext.RequestAborted) is not { } start)
        {
            return RedirectToPage("/Account/Mfa/Index", new { ReturnUrl });
        }

        (AuthenticatorUri, ManualEntryKey) = (start.AuthenticatorUri, start.ManualEntryKey);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingWithoutFactorAsync() is not { } pending)
        {
            return RedirectToPage("/Account/Mfa/Index", new { ReturnUrl });
        }

        if (!IsRecent(pending))
        {
            return SignInAgain();
        }

        if (!ModelState.IsValid)
        {
            return await ShowPendingAsync(pending);
        }

        if (await enrolment.ConfirmAsync(pending.User, Code, HttpContext.RequestAborted) != TotpCheckResult.Valid)
        {
            ErrorMessage = text["InvalidCode"];
            ModelState.Remove(nameof(Code)); // the form shows the model, not the refused attempt
            Code = string.Empty;
            return await ShowPendingAsync(pending);
        }

        RecoveryCodes = await recoveryCodes.GenerateAsync(pending.User, HttpContext.RequestAborted);
        await signIn.CompleteAsync(pending, AuthenticationMethods.OneTimePassword);
        return Page();
    }

    /// <summary>The form again with the same secret; a fresh one when the pending enrolment has gone.</summary>
    private async Task<IActionResult> ShowPendingAsync(PendingSignIn pending)
    {
        if (await enrolment.PendingAsync(pending.User, HttpContext.RequestAborted) is { } start)
        {
            (AuthenticatorUri, ManualEntryKey) = (start.AuthenticatorUri, start.ManualEntryKey);
            return Page();
        }

        return RedirectToPage(new { ReturnUrl });
    }

    private bool IsRecent(PendingSignIn pending) =>
        RecentSignIn.IsRecent(pending.AuthenticatedAt, time.GetUtcNow(), options.Value.RecentSignInWindow);

    /// <summary>The password again, then back to this page (and from there to where the sign-in was going).</summary>
    private RedirectToPageResult SignInAgain() =>
        RedirectToPage("/Account/Login/Index", new { ReturnUrl = Url.Page("/Account/Mfa/Enrol", new { ReturnUrl }) });

    private async Task<PendingSignIn?> PendingWithoutFactorAsync() =>
        await signIn.GetPendingAsync() is { } pending && !(await factors.GetAsync(pending.User.Id, HttpContext.RequestAborted)).HasSecondFactor
            ? pending
            : null;
}
