using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>
/// The user's second factors: add or remove the authenticator app and the phone for text-message codes, and
/// replace the recovery codes. New recovery codes show on the response page only, never stored by the portal.
/// </summary>
public sealed class IndexModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    private const string Self = "/security";

    public MfaSummary Factors { get; private set; } = null!;

    /// <summary>An authenticator-app set-up waiting for its first code.</summary>
    public TotpSetup? TotpSetup { get; private set; }

    /// <summary>Recovery codes to show this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty]
    public TotpConfirmInput Totp { get; set; } = new();

    [BindProperty]
    public PhoneInput Phone { get; set; } = new();

    [BindProperty]
    public PhoneCodeInput PhoneCode { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) => Factors = await api.GetMfaAsync(cancellationToken);

    public async Task<IActionResult> OnPostBeginTotpAsync(CancellationToken cancellationToken)
    {
        var begun = await api.BeginTotpAsync(cancellationToken);
        TotpSetup = begun.Value;
        return await ShowAsync(begun.Problem, "totp", cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmTotpAsync(CancellationToken cancellationToken)
    {
        if (Totp is { AuthenticatorUri: { } uri, ManualEntryKey: { } key })
        {
            TotpSetup = new TotpSetup(uri, key);
        }

        if (!IsValid(nameof(Totp)))
        {
            return await ShowAsync(null, "totp", cancellationToken);
        }

        var confirmed = await api.ConfirmTotpAsync(Totp.Code!, cancellationToken);
        return confirmed.Problem is null
            ? await EnrolledAsync(text["TotpAdded"], confirmed.Value!, cancellationToken)
            : await ShowAsync(confirmed.Problem, "totp", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveTotpAsync(CancellationToken cancellationToken) =>
        await api.RemoveTotpAsync(cancellationToken) is { } problem
            ? await ShowAsync(problem, "totp", cancellationToken)
            : Done(text["TotpRemoved"]);

    public async Task<IActionResult> OnPostSendPhoneCodeAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Phone)))
        {
            return await ShowAsync(null, "phone", cancellationToken);
        }

        var sent = await api.SendPhoneCodeAsync(Phone.PhoneNumber!, cancellationToken);
        return sent.Problem is null ? Done(text["PhoneCodeSent", sent.Value!.Phone]) : await ShowAsync(sent.Problem, "phone", cancellationToken);
    }

    public async Task<IActionResult> OnPostResendPhoneCodeAsync(CancellationToken cancellationToken)
    {
        var sent = await api.ResendPhoneCodeAsync(cancellationToken);
        return sent.Problem is null ? Done(text["PhoneCodeSent", sent.Value!.Phone]) : await ShowAsync(sent.Problem, "phone", cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmPhoneAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(PhoneCode)))
        {
            return await ShowAsync(null, "phone", cancellationToken);
        }

        var confirmed = await api.ConfirmPhoneAsync(PhoneCode.Code!, cancellationToken);
        return confirmed.Problem is null
            ? await EnrolledAsync(text["PhoneAdded"], confirmed.Value!, cancellationToken)
            : await ShowAsync(confirmed.Problem, "phone", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemovePhoneAsync(CancellationToken cancellationToken) =>
        await api.RemovePhoneAsync(cancellationToken) is { } problem
            ? await ShowAsync(problem, "phone", cancellationToken)
            : Done(text["PhoneRemoved"]);

    public async Task<IActionResult> OnPostRegenerateCodesAsync(CancellationToken cancellationToken)
    {
        var generated = await api.RegenerateRecoveryCodesAsync(cancellationToken);
        RecoveryCodes = generated.Value?.Codes;
        return await ShowAsync(generated.Problem, "recovery", cancellationToken);
    }

    /// <summary>A factor was added: the first one's recovery codes show now, on this response only.</summary>
    private async Task<IActionResult> EnrolledAsync(string status, FactorEnrolled enrolled, CancellationToken cancellationToken)
    {
        TotpSetup = null;
        if (enrolled.RecoveryCodes is null)
        {
            return Done(status);
        }

        RecoveryCodes = enrolled.RecoveryCodes;
        TempData[StatusKey] = status;
        return await ShowAsync(null, "recovery", cancellationToken);
    }

    /// <summary>The page again, with the refusal next to <paramref name="form"/>; a stale sign-in goes to sign in again instead.</summary>
    private async Task<IActionResult> ShowAsync(ApiProblem? problem, string form, CancellationToken cancellationToken)
    {
        if (problem is { NeedsRecentSignIn: true })
        {
            return SignInAgain(Self);
        }

        (Problem, ProblemFor) = (problem, form);
        if (problem?.Status == StatusCodes.Status409Conflict)
        {
            // No set-up is pending any more: its QR code would be a dead end.
            TotpSetup = null;
        }

        if (RecoveryCodes is not null)
        {
            // Codes shown once: not kept in any cache along the way.
            Response.Headers.CacheControl = "no-store";
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
