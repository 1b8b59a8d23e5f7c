using System.Globalization;
using Aict.IdentityServer.Detection.Risk;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Users;
using Aict.ServiceDefaults.Telemetry;
using Fido2NetLib;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.Pages.Account.Passkey;

/// <summary>
/// Signing in without a password: the browser offers any passkey it holds for this site (a discoverable
/// credential); its user verification makes it a multi-factor sign-in of its own. Locked and disabled accounts are refused.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    PasskeyAssertion assertion, UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIns, SessionSignIn sessionSignIn,
    SignInRisk risk, AictMetrics metrics, IStringLocalizer<SharedResource> text, PasswordlessLimit limit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? CeremonyId { get; set; }

    /// <summary>The browser's <c>credential.toJSON()</c>.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>Every handler of this page, opening it included, counts against <see cref="PasswordlessLimit"/>.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (await limit.TryTakeAsync(HttpContext.Connection.RemoteIpAddress) is { } wait)
        {
            Response.Headers.RetryAfter = FailureThrottle.RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
            context.Result = StatusCode(StatusCodes.Status429TooManyRequests);
            return;
        }

        await next();
    }

    public void OnGet()
    {
    }

    /// <summary>Request options with no credentials listed, fetched by the script of this page or the login page.</summary>
    public async Task<IActionResult> OnPostOptionsAsync() => new JsonResult(await assertion.BeginAsync(null, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostAsync()
    {
        var response = PasskeyJson.Read<AuthenticatorAssertionRawResponse>(Credential);
        if (await assertion.VerifyAsync(null, CeremonyId, response, HttpContext.RequestAborted) is not { } passkey
            || await users.FindByIdAsync(passkey.UserId) is not { } user)
        {
            metrics.SignIn(SignInMethods.Passkey, SignInResults.Failure);
            ErrorMessage = text["PasskeyRefused"];
            return Page();
        }

        if (await users.IsLockedOutAsync(user))
        {
            metrics.SignIn(SignInMethods.Passkey, SignInResults.Locked);
            ErrorMessage = text["AccountLocked"];
            return Page();
        }

        // A disabled account is refused like a refused passkey, as the password sign-in refuses it like a wrong password.
        if (!await signIns.CanSignInAsync(user))
        {
            metrics.SignIn(SignInMethods.Passkey, SignInResults.Failure);
            ErrorMessage = text["PasskeyRefused"];
            return Page();
        }

        // A passkey already proves two factors: a step-up asks nothing more, but a blocking risk level refuses it too.
        if (await risk.AssessAsync(user, multiFactor: true, sessionFollows: true) == RiskDecision.Block)
        {
            ErrorMessage = text["SignInBlocked"];
            return Page();
        }

        // A half-finished password sign-in in this browser is superseded by this one.
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await sessionSignIn.SignInAsync(user, [AuthenticationMethods.ForPasskey(passkey.IsBackupEligible)]);
        metrics.SignIn(SignInMethods.Passkey, SignInResults.Success);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
