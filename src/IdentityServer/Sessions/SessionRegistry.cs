using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Sessions;

/// <summary>Records SSO sessions, the clients they serve, and whether each is still alive.</summary>
public sealed class SessionRegistry(ApplicationDbContext db, IOptions<SsoSessionOptions> options, TimeProvider time)
{
    private SsoSessionOptions Options => options.Value;

    public async Task<UserSession> StartAsync(
        string sessionId, string userId, IEnumerable<string> methods, HttpContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = sessionId,
            UserId = userId,
            SignedInAt = now,
            LastActivityAt = now,
            ExpiresAt = now + Options.AbsoluteLifetime,
            Methods = string.Join(' ', methods),
            UserAgent = AuditTrail.Truncate(context.Request.Headers.UserAgent.ToString()),
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>
    /// The same user authenticated again in the session's browser (a fresh sign-in or a step-up):
    /// the session keeps its id and records the methods. False when the session is no longer alive.
    /// </summary>
    public async Task<bool> ReauthenticateAsync(
        string sessionId, string userId, IEnumerable<string> methods, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.UserId != userId || !session.IsActiveAt(now, Options.IdleTimeout))
        {
            return false;
        }

        session.Methods = string.Join(' ', methods);
        session.LastActivityAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Is the session alive? If so, records the activity (at most once per write interval) and says so;
    /// an ended, idle or expired session answers false and stays as it is.
    /// </summary>
    public async Task<bool> TouchAsync(string sessionId, string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.UserId != userId || !session.IsActiveAt(now, Options.IdleTimeout))
        {
            return false;
        }

        if (now - session.LastActivityAt >= Options.ActivityWriteInterval)
        {
            session.LastActivityAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// <see cref="TouchAsync"/> for a caller that has already read the session's last activity (the token endpoint reads
    /// it with the user): writes only when the write interval has passed, and only to a session that is still alive.
    /// </summary>
    public async Task RecordActivityAsync(string sessionId, string userId, DateTimeOffset lastActivityAt, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (now - lastActivityAt < Options.ActivityWriteInterval)
        {
            return;
        }

        await AliveAt(now)
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastActivityAt, now), cancellationToken);
    }

    /// <summary>Remembers that <paramref name="clientId"/> received the token family <paramref name="authorizationId"/> from the session.</summary>
    public async Task RecordGrantAsync(string sessionId, string authorizationId, string clientId, CancellationToken cancellationToken = default)
    {
        db.SessionGrants.Add(new SessionGrant
        {
            SessionId = sessionId,
            AuthorizationId = authorizationId,
            ClientId = clientId,
            GrantedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The user's sessions that are alive now, most recently active first, with their grants.</summary>
    public async Task<IReadOnlyList<UserSession>> ListActiveAsync(string userId, CancellationToken cancellationToken = default)
    {
        return await AliveAt(time.GetUtcNow()).AsNoTracking()
            .Include(s => s.Grants)
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.LastActivityAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many sessions of all users are alive now.</summary>
    public Task<int> CountActiveAsync(CancellationToken cancellationToken = default) =>
        AliveAt(time.GetUtcNow()).CountAsync(cancellationToken);

    /// <summary>The sessions <see cref="UserSession.IsActiveAt"/> would call alive at <paramref name="now"/>, as a query.</summary>
    private IQueryable<UserSession> AliveAt(DateTimeOffset now)
    {
        var idleSince = now - Options.IdleTimeout;
        return db.Sessions.Where(s => s.EndedAt == null && s.ExpiresAt > now && s.LastActivityAt > idleSince);
    }
}
