using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Risk;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// The last step of every sign-in, whatever the factors: sets the SSO cookie with <c>amr</c>, <c>acr</c>
/// and <c>auth_time</c>, and records the session. The same user authenticating again in a browser that
/// has a live session (max_age, step-up) keeps that session and its id; another user's session there ends.
/// </summary>
public sealed partial class SessionSignIn(
    SignInManager<ApplicationUser> signIns,
    SessionRegistry sessions,
    SessionTermination termination,
    SignInRisk risk,
    AuditTrail audit,
    IHttpContextAccessor http,
    TimeProvider time,
    ILogger<SessionSignIn> logger)
{
    /// <param name="methods">
    /// What this authentication used (RFC 8176); <c>mfa</c> is worked out here. A step-up passes the
    /// session's earlier methods too (<see cref="Mfa.SecondFactorSignIn"/>): they still count.
    /// </param>
    /// <returns>The session id.</returns>
    public async Task<string> SignInAsync(ApplicationUser user, IReadOnlyCollection<string> methods)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("A sign-in needs the request.");
        var current = (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal;
        var currentUserId = current?.FindFirstValue(Claims.Subject);
        var currentSessionId = current?.FindFirstValue(SessionClaims.SessionId);

        string? sessionId = null;
        var used = AuthenticationMethods.Combine(methods);
        if (currentUserId == user.Id && currentSessionId is not null
            && await sessions.ReauthenticateAsync(currentSessionId, user.Id, used, context.RequestAborted))
        {
            sessionId = currentSessionId;
        }
        else if (currentUserId is not null)
        {
            await termination.SignOutAsync(current!, context.RequestAborted);
        }

        var claims = SessionClaims.ForSignIn(time.GetUtcNow(), used, sessionId);
        sessionId ??= claims.First(c => c.Type == SessionClaims.SessionId).Value;
        if (sessionId != currentSessionId)
        {
            await sessions.StartAsync(sessionId, user.Id, used, context, context.RequestAborted);
        }

        await signIns.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
        await audit.RecordAsync(AuditEventTypes.SignedIn, user.Id, sessionId, cancellationToken: context.RequestAborted);
        LogSignedIn(logger, user.Id, sessionId, used);
        await risk.SessionStartedAsync(user, sessionId);
        return sessionId;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "User {UserId} signed in, session {SessionId}, methods {Methods}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string sessionId, IReadOnlyList<string> methods);
}
