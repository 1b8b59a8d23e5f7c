using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>The recovery codes: how many are left, and a new set that replaces them, shown this once.</summary>
public sealed class RecoveryCodesModel(AccountApiClient api) : FactorPageModel(api)
{
    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken cancellationToken)
    {
        var generated = await Api.RegenerateRecoveryCodesAsync(cancellationToken);
        RecoveryCodes = generated.Value?.Codes;
        return await ShowAsync(generated.Problem, cancellationToken);
    }
}
