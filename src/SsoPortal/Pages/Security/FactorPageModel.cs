using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>
/// A page of one second factor: the user's factors, IdentityServer's refusal beside the form, a fresh sign-in first
/// when a change needs one, and new recovery codes on the response that made them only, never stored by the portal.
/// </summary>
public abstract class FactorPageModel(AccountApiClient api) : PortalPageModel
{
    protected AccountApiClient Api => api;

    public MfaSummary Factors { get; private set; } = null!;

    /// <summary>Recovery codes to show this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; protected set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Factors = await api.GetMfaAsync(cancellationToken);

    /// <summary>A factor was added: the first one's recovery codes show now, on this response only.</summary>
    protected async Task<IActionResult> EnrolledAsync(string status, FactorEnrolled enrolled, CancellationToken cancellationToken)
    {
        if (enrolled.RecoveryCodes is null)
        {
            return Done(status);
        }

        RecoveryCodes = enrolled.RecoveryCodes;
        TempData[StatusKey] = status;
        return await ShowAsync(null, cancellationToken);
    }

    /// <summary>This page again, with IdentityServer's refusal if any; a stale sign-in goes to sign in again instead, back to this page.</summary>
    protected async Task<IActionResult> ShowAsync(ApiProblem? problem, CancellationToken cancellationToken)
    {
        if (problem is { NeedsRecentSignIn: true })
        {
            return SignInAgain(Request.PathBase.Add(Request.Path).ToString());
        }

        Problem = problem;
        if (RecoveryCodes is not null)
        {
            // Codes shown once: not kept in any cache along the way.
            Response.Headers.CacheControl = "no-store";
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
