using System.Collections.Immutable;
using System.Security.Claims;
using Aict.IdentityServer.Protocol.Consent;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Pages.Consent;

/// <summary>Asks the signed-in user whether a third-party app may have the scopes it requested.</summary>
[Authorize]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations) : PageModel
{
    private const string AuthorizePath = "/connect/authorize?";

    /// <summary>The authorization request to go back to; a missing one binds as null and is refused.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string ApplicationName { get; private set; } = string.Empty;

    public ImmutableArray<string> Scopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? BadRequest() : Page();

    public async Task<IActionResult> OnPostAcceptAsync()
    {
        var (application, _, returnUrl) = await LoadAsync() ?? default;
        var user = await users.GetUserAsync(User);
        if (application is null || user is null)
        {
            return BadRequest();
        }

        var identity = new ClaimsIdentity(User.Identity?.AuthenticationType);
        identity.SetClaim(Claims.Subject, user.Id);
        await authorizations.CreateAsync(identity, user.Id, (await applications.GetIdAsync(application))!,
            AuthorizationTypes.Permanent, Scopes);
        return LocalRedirect(returnUrl);
    }

    public async Task<IActionResult> OnPostDenyAsync()
    {
        var (application, clientId, returnUrl) = await LoadAsync() ?? default;
        if (application is null)
        {
            return BadRequest();
        }

        ConsentDecision.RecordDenial(TempData, clientId);
        return LocalRedirect(returnUrl);
    }

    // Only ever returns to the authorization endpoint, whose own validation still applies.
    private async Task<(object Application, string ClientId, string ReturnUrl)?> LoadAsync()
    {
        if (ReturnUrl is not { } returnUrl || !returnUrl.StartsWith(AuthorizePath, StringComparison.Ordinal))
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(returnUrl[(AuthorizePath.Length - 1)..]);
        var clientId = query.GetValueOrDefault(Parameters.ClientId).ToString();
        var application = string.IsNullOrEmpty(clientId) ? null : await applications.FindByClientIdAsync(clientId);
        if (application is null)
        {
            return null;
        }

        ApplicationName = await applications.GetLocalizedDisplayNameAsync(application) ?? clientId;
        Scopes = [.. query.GetValueOrDefault(Parameters.Scope).ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct()];
        return (application, clientId, returnUrl);
    }
}
