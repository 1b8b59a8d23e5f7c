using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Users;
using Aict.ServiceDefaults.Telemetry;
using Fido2NetLib;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.Pages.Account.Mfa;

/// <summary>
/// A passkey as the second step of a sign-in (or a step-up): only the pending user's passkeys are asked for.
/// A refused passkey gets one generic message and counts towards the account lockout.
/// </summary>
[AllowAnonymous]
public sealed class PasskeyModel(SecondFactorSignIn signIn, PasskeyAssertion assertion, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? CeremonyId { get; set; }

    /// <summary>The browser's <c>credential.toJSON()</c>.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    public string? ErrorMessage { get; private set; }

    public bool Locked { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await PendingAsync() is null ? ToLogin() : Page();

    /// <summary>Request options for the pending user's passkeys, fetched by the page's script.</summary>
    public async Task<IActionResult> OnPostOptionsAsync()
    {
        if (await PendingAsync() is not { } pending || Locked)
        {
            return new JsonResult(new { messageKey = "passkeyFailed" }) { StatusCode = StatusCodes.Status400BadRequest };
        }

        return await assertion.BeginAsync(pending.User.Id, HttpContext.RequestAborted) is { } start
            ? new JsonResult(start)
            : new JsonResult(new { messageKey = "passkeyNone" }) { StatusCode = StatusCodes.Status404NotFound };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingAsync() is not { } pending)
        {
            return ToLogin();
        }

        if (Locked)
        {
            return Page();
        }

        var response = PasskeyJson.Read<AuthenticatorAssertionRawResponse>(Credential);
        if (await assertion.VerifyAsync(pending.User.Id, CeremonyId, response, HttpContext.RequestAborted) is { } passkey)
        {
            await signIn.CompleteAsync(pending, AuthenticationMethods.ForPasskey(passkey.IsBackupEligible), MfaChallengeFactors.Passkey);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        Locked = await signIn.RecordFailureAsync(pending, MfaChallengeFactors.Passkey);
        ErrorMessage = Locked ? text["AccountLocked"] : text["PasskeyRefused"];
        return Page();
    }

    private async Task<PendingSignIn?> PendingAsync()
    {
        var pending = await signIn.GetPendingAsync();
        if (pending is not null && await signIn.IsLockedOutAsync(pending))
        {
            Locked = true;
            ErrorMessage = text["AccountLocked"];
        }

        return pending;
    }

    private RedirectToPageResult ToLogin() => RedirectToPage("/Account/Login/Index", new { ReturnUrl });
}
