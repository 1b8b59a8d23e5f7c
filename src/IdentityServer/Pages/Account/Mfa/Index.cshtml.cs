using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.Pages.Account.Mfa;

/// <summary>
/// The second step of a sign-in (or a step-up): the user proves a second factor they enrolled. Every
/// wrong answer gets the same message and counts towards the account lockout.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    SecondFactorSignIn signIn,
    MfaFactors factors,
    TotpVerifier totp,
    SmsCodes sms,
    PhoneEnrolment phones,
    RecoveryCodeSet recoveryCodes,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The chosen factor: <c>totp</c>, <c>sms</c> or <c>recovery</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Method { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "CodeRequired")]
    [Display(Name = "Code")]
    public string Code { get; set; } = string.Empty;

    public MfaFactorSummary Factors { get; private set; } = new(false, false, 0, 0);

    /// <summary>The verified phone, with all but the last digits hidden.</summary>
    public string? MaskedPhone { get; private set; }

    public bool SmsSent { get; private set; }

    public string? ErrorMessage { get; private set; }

    public bool Locked { get; private set; }

    // Loaded once per request by ShowAsync: who owes the factor, and their verified phone.
    private PendingSignIn _pending = null!;
    private string? _phoneNumber;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ?? Page();

    public async Task<IActionResult> OnPostTotpAsync() =>
        await VerifyAsync(MfaMethods.Totp, async pending => await totp.VerifyAsync(pending.User, Code) == TotpCheckResult.Valid,
            AuthenticationMethods.OneTimePassword, MfaChallengeFactors.Totp);

    public async Task<IActionResult> OnPostRecoveryAsync() =>
        await VerifyAsync(MfaMethods.Recovery, pending => recoveryCodes.RedeemAsync(pending.User, Code), AuthenticationMethods.OneTimePassword,
            MfaChallengeFactors.RecoveryCode);

    public async Task<IActionResult> OnPostSmsAsync() =>
        await VerifyAsync(MfaMethods.Sms,
            async pending => await sms.VerifyAsync(pending.User.Id, SmsCodePurpose.SignIn, Code) == SmsCodeVerification.Valid,
            AuthenticationMethods.Sms, MfaChallengeFactors.Sms);

    public async Task<IActionResult> OnPostSendSmsAsync()
    {
        ModelState.Clear();
        Method = MfaMethods.Sms;
        if (await ShowAsync() is { } elsewhere)
        {
            return elsewhere;
        }

        if (Locked || _phoneNumber is null)
        {
            return Page();
        }

        var sent = await sms.SendAsync(_pending.User.Id, _phoneNumber, SmsCodePurpose.SignIn, CultureInfo.CurrentUICulture, HttpContext.RequestAborted);
        SmsSent = sent.Status == SmsSendStatus.Sent;
        if (!SmsSent)
        {
            ErrorMessage = sent.Status == SmsSendStatus.TooManySends ? text["TooManySmsSends"] : text["SmsNotSent"];
        }

        return Page();
    }

    private async Task<IActionResult> VerifyAsync(string method, Func<PendingSignIn, Task<bool>> check, string amr, string factor)
    {
        Method = method;
        if (await ShowAsync() is { } elsewhere)
        {
            return elsewhere;
        }

        if (Locked || !ModelState.IsValid)
        {
            return Page();
        }

        if (await check(_pending))
        {
            await signIn.CompleteAsync(_pending, amr, factor);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        Locked = await signIn.RecordFailureAsync(_pending, factor);
        ErrorMessage = Locked ? text["AccountLocked"] : text["InvalidCode"];
        SmsSent = method == MfaMethods.Sms;
        ModelState.Remove(nameof(Code)); // the form shows the model, not the refused attempt
        Code = string.Empty;
        return Page();
    }

    /// <summary>Loads what the page shows (and the pending sign-in the handlers use); a redirect when there is nothing to challenge here.</summary>
    private async Task<IActionResult?> ShowAsync()
    {
        if (await signIn.GetPendingAsync() is not { } pending)
        {
            return RedirectToPage("/Account/Login/Index", new { ReturnUrl });
        }

        Factors = await factors.GetAsync(pending.User.Id, HttpContext.RequestAborted);
        if (!Factors.HasSecondFactor)
        {
            return RedirectToPage("/Account/Mfa/Enrol", new { ReturnUrl });
        }

        if (Method is null && !Factors.Totp && !Factors.Sms && Factors.Passkeys > 0)
        {
            // A passkey is the user's only factor: go straight to it (recovery codes stay a link away).
            return RedirectToPage("/Account/Mfa/Passkey", new { ReturnUrl });
        }

        _pending = pending;
        Method = MfaMethods.Choose(Method, Factors);
        _phoneNumber = Factors.Sms && await phones.FindAsync(pending.User.Id, HttpContext.RequestAborted) is { VerifiedAt: not null } phone
            ? phone.PhoneNumber
            : null;
        MaskedPhone = _phoneNumber is null ? null : MaskedPhoneNumber.Mask(_phoneNumber);
        if (await signIn.IsLockedOutAsync(pending))
        {
            Locked = true;
            ErrorMessage = text["AccountLocked"];
        }

        return null;
    }
}
