using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>Codes by text message: add a phone with the code sent to it, send a new code, or remove the phone.</summary>
public sealed class TextMessageModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : FactorPageModel(api)
{
    [BindProperty]
    public PhoneInput Phone { get; set; } = new();

    [BindProperty]
    public PhoneCodeInput PhoneCode { get; set; } = new();

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Phone)))
        {
            return await ShowAsync(null, cancellationToken);
        }

        return await SentAsync(await Api.SendPhoneCodeAsync(Phone.PhoneNumber!, cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken) =>
        await SentAsync(await Api.ResendPhoneCodeAsync(cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(PhoneCode)))
        {
            return await ShowAsync(null, cancellationToken);
        }

        var confirmed = await Api.ConfirmPhoneAsync(PhoneCode.Code!, cancellationToken);
        return confirmed.Problem is null
            ? await EnrolledAsync(text["PhoneAdded"], confirmed.Value!, cancellationToken)
            : await ShowAsync(confirmed.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        await Api.RemovePhoneAsync(cancellationToken) is { } problem
            ? await ShowAsync(problem, cancellationToken)
            : Done(text["PhoneRemoved"]);

    private async Task<IActionResult> SentAsync(ApiResult<PhoneCodeSent> sent, CancellationToken cancellationToken) =>
        sent.Problem is null ? Done(text["PhoneCodeSent", sent.Value!.Phone]) : await ShowAsync(sent.Problem, cancellationToken);
}
