using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.SsoPortal.Pages;

/// <summary>What the portal's pages share: post/redirect/get with a status message, and the API's refusal shown next to its form.</summary>
public abstract class PortalPageModel : PageModel
{
    public const string StatusKey = "Status";

    /// <summary>Why IdentityServer refused the last action, for the form that sent it.</summary>
    public ApiProblem? Problem { get; protected set; }

    /// <summary>Which form <see cref="Problem"/> belongs to.</summary>
    public string? ProblemFor { get; protected set; }

    protected IActionResult Done(string status, object? routeValues = null)
    {
        TempData[StatusKey] = status;
        return RedirectToPage(routeValues);
    }

    /// <summary>
    /// IdentityServer wants a fresh sign-in for this change: <c>max_age=0</c> makes it ask for the password
    /// (and a second factor) again; the new tokens replace the old ones and the user lands on <paramref name="returnTo"/>.
    /// </summary>
    protected IActionResult SignInAgain(string returnTo) =>
        Challenge(new OpenIdConnectChallengeProperties { MaxAge = TimeSpan.Zero, RedirectUri = returnTo }, OpenIdConnectDefaults.AuthenticationScheme);

    /// <summary>Whether the fields of one form (their names start with <paramref name="prefix"/>) are valid; other forms' fields are ignored.</summary>
    protected bool IsValid(string prefix) =>
        ModelState.Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal))
            .All(entry => entry.Value.ValidationState is ModelValidationState.Valid or ModelValidationState.Skipped);

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("g", System.Globalization.CultureInfo.CurrentCulture) + " UTC";
}
