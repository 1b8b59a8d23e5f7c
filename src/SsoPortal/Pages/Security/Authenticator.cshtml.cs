using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>The authenticator app: set it up from a QR code or the key, confirm it with a first code, or remove it.</summary>
public sealed class AuthenticatorModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : FactorPageModel(api)
{
    /// <summary>A set-up waiting for its first code.</summary>
    public TotpSetup? Setup { get; private set; }

    [BindProperty]
    public TotpConfirmInput Totp { get; set; } = new();

    public async Task<IActionResult> OnPostBeginAsync(CancellationToken cancellationToken)
    {
        var begun = await Api.BeginTotpAsync(cancellationToken);
        Setup = begun.Value;
        return await ShowSetupAsync(begun.Problem, cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        Setup = Totp.Setup;

        if (!ModelState.IsValid)
        {
            return await ShowSetupAsync(null, cancellationToken);
        }

        var confirmed = await Api.ConfirmTotpAsync(Totp.Code!, cancellationToken);
        if (confirmed.Problem is not null)
        {
            return await ShowSetupAsync(confirmed.Problem, cancellationToken);
        }

        Setup = null;
        return await EnrolledAsync(text["TotpAdded"], confirmed.Value!, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        await Api.RemoveTotpAsync(cancellationToken) is { } problem
            ? await ShowAsync(problem, cancellationToken)
            : Done(text["TotpRemoved"]);

    private Task<IActionResult> ShowSetupAsync(ApiProblem? problem, CancellationToken cancellationToken)
    {
        if (problem?.Status == StatusCodes.Status409Conflict)
        {
            // No set-up is pending any more: its QR code would be a dead end.
            Setup = null;
        }

        return ShowAsync(problem, cancellationToken);
    }
}
