using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// RP-Initiated Logout. A request whose id_token_hint names the signed-in user ends the session at
/// once; any other asks the user first, so that a link cannot silently sign people out.
/// </summary>
internal static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, SignInManager<ApplicationUser> signIns, SessionTermination sessions)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);

        if (session.Succeeded)
        {
            var hint = request.IdTokenHint is null
                ? null
                : (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var confirmedByHint = hint?.GetClaim(Claims.Subject) is { } subject
                && subject == session.Principal.GetClaim(Claims.Subject);
            if (!confirmedByHint)
            {
                var endSessionUrl = context.Request.PathBase + context.Request.Path + QueryOf(context.Request);
                return Results.Redirect("/account/logout?returnUrl=" + Uri.EscapeDataString(endSessionUrl));
            }

            await sessions.SignOutAsync(session.Principal, context.RequestAborted);
            await signIns.SignOutAsync();
        }

        // Redirects to the validated post_logout_redirect_uri with the state, or shows the signed-out page.
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/account/logout/done" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static string QueryOf(HttpRequest request) => request.HasFormContentType
        ? QueryString.Create(request.Form).ToString()
        : request.QueryString.ToString();
}
