using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Revocation;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Sessions;

/// <summary>
/// Ends SSO sessions and everything issued from them: the cookie stops working at once, the token
/// families are revoked in the database, resource servers learn it from the revocation list, and
/// clients with a back-channel logout URI are told.
/// </summary>
public sealed partial class SessionTermination(
    ApplicationDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    RevocationPublisher revocationList,
    IBackchannelLogoutScheduler backchannelLogout,
    AuditTrail audit,
    TimeProvider time,
    ILogger<SessionTermination> logger)
{
    /// <summary>Ends one session of the user; false when the user has no such session still running.</summary>
    public async Task<bool> EndAsync(
        string userId, string sessionId, SessionEndReason reason, string? actorId = null, CancellationToken cancellationToken = default)
    {
        var session = await db.Sessions.Include(s => s.Grants)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null, cancellationToken);
        if (session is null)
        {
            return false;
        }

        await EndSessionsAsync([session], reason, actorId, cancellationToken);
        return true;
    }

    /// <summary>Logout: ends the session the signed-in <paramref name="user"/> belongs to.</summary>
    public async Task SignOutAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.FindFirst(Claims.Subject)?.Value is { } userId && user.FindFirst(SessionClaims.SessionId)?.Value is { } sessionId)
        {
            await EndAsync(userId, sessionId, SessionEndReason.SignedOut, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Ends every session of the user but <paramref name="keepSessionId"/>. When none is kept, every token the
    /// user holds dies too (subject not-before), whichever session or client it came from.
    /// </summary>
    public async Task<int> EndAllAsync(
        string userId, SessionEndReason reason, string? keepSessionId = null, string? actorId = null, CancellationToken cancellationToken = default)
    {
        var sessions = await db.Sessions.Include(s => s.Grants)
            .Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keepSessionId)
            .ToListAsync(cancellationToken);
        await EndSessionsAsync(sessions, reason, actorId, cancellationToken);
        if (keepSessionId is null)
        {
            await revocationList.SubjectAsync(userId, cancellationToken);
        }

        return sessions.Count;
    }

    private async Task EndSessionsAsync(
        List<UserSession> sessions, SessionEndReason reason, string? actorId, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        // First the record: from here on the cookie is refused on its next request.
        var now = time.GetUtcNow();
        foreach (var session in sessions)
        {
            session.EndedAt = now;
            session.EndReason = reason;
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var session in sessions)
        {
            foreach (var grant in session.Grants)
            {
                await RevokeFamilyAsync(grant.AuthorizationId, cancellationToken);
            }

            await revocationList.SessionAsync(session.Id, cancellationToken);
            await audit.RecordAsync(AuditEventTypes.SessionEnded, session.UserId, session.Id, actorId: actorId, cancellationToken: cancellationToken);
            LogSessionEnded(logger, session.Id, session.UserId, reason);
        }

        await backchannelLogout.ScheduleAsync(sessions, cancellationToken);
    }

    private async Task RevokeFamilyAsync(string authorizationId, CancellationToken cancellationToken)
    {
        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }

        // Also publishes the family to the revocation list (PublishingTokenManager).
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} ended: {Reason}")]
    private static partial void LogSessionEnded(ILogger logger, string sessionId, string userId, SessionEndReason reason);
}
