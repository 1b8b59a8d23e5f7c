using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Data;

namespace Aict.IdentityServer.Administration.Audit;

/// <summary>
/// Writes audit events with the request's address and user agent. Every change to an account goes
/// through here, so this is also where its holder's e-mail notice starts (<see cref="AccountChangeNotices"/>).
/// </summary>
public sealed class AuditTrail(ApplicationDbContext db, IHttpContextAccessor http, AccountChangeNotices notices, TimeProvider time)
{
    public async Task RecordAsync(
        string type, string? userId, string? sessionId = null, string? clientId = null, string? actorId = null,
        CancellationToken cancellationToken = default)
    {
        var request = http.HttpContext;
        db.AuditEvents.Add(new AuditEvent
        {
            Type = type,
            UserId = userId,
            OccurredAt = time.GetUtcNow(),
            IpAddress = request?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(request?.Request.Headers.UserAgent.ToString()),
            SessionId = sessionId,
            ClientId = clientId,
            ActorId = actorId,
        });
        await db.SaveChangesAsync(cancellationToken);
        notices.Note(type, userId);
    }

    internal static string? Truncate(string? userAgent) =>
        string.IsNullOrEmpty(userAgent) ? null : userAgent.Length <= 512 ? userAgent : userAgent[..512];
}
