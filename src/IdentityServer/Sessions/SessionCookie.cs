using Aict.IdentityServer.Protocol.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Sessions;

/// <summary>
/// The SSO cookie is only as good as its session record: each request checks that the session is
/// still running (not ended, not idle, not past its absolute lifetime) and renews its activity.
/// </summary>
/// <remarks>
/// This replaces Identity's periodic security-stamp check: everything that must end a session
/// (password change or reset, sign-out everywhere, an admin action) ends its record at once.
/// </remarks>
internal static class SessionCookie
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirst(SessionClaims.SessionId)?.Value;
        var userId = context.Principal?.FindFirst(Claims.Subject)?.Value;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>();
        if (sessionId is null || userId is null || !await sessions.TouchAsync(sessionId, userId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
