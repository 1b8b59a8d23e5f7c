using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Data;

namespace Aict.IdentityServer.Administration.Audit;

/// <summary>
/// Writes audit events with the request's address and user agent, and each one also as a structured log record
/// (event id 2900, category <c>Aict.Audit</c>) that a SIEM or log pipeline can take without reading the database.
/// Every change to an account goes through here, so this is also where its holder's e-mail notice starts
/// (<see cref="AccountChangeNotices"/>).
/// </summary>
public sealed partial class AuditTrail(
    ApplicationDbContext db, IHttpContextAccessor http, AccountChangeNotices notices, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The category of the audit log records, so that a pipeline can route them alone.</summary>
    public const string LogCategory = "Aict.Audit";

    private readonly ILogger _log = loggers.CreateLogger(LogCategory);

    public async Task RecordAsync(
        string type, string? userId, string? sessionId = null, string? clientId = null, string? actorId = null,
        string? outcome = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        var request = http.HttpContext;
        var auditEvent = new AuditEvent
        {
            Type = type,
            UserId = userId,
            OccurredAt = time.GetUtcNow(),
            IpAddress = request?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(request?.Request.Headers.UserAgent.ToString()),
            SessionId = sessionId,
            ClientId = clientId,
            ActorId = actorId,
            Outcome = outcome,
            Detail = detail,
        };
        db.AuditEvents.Add(auditEvent);
        await db.SaveChangesAsync(cancellationToken);
        LogAuditEvent(_log, auditEvent.Id, type, userId, clientId, auditEvent.IpAddress, auditEvent.UserAgent, sessionId, actorId,
            outcome, detail, auditEvent.OccurredAt);
        notices.Note(type, userId);
    }

    internal static string? Truncate(string? userAgent) =>
        string.IsNullOrEmpty(userAgent) ? null : userAgent.Length <= 512 ? userAgent : userAgent[..512];

    [LoggerMessage(EventId = 2900, Level = LogLevel.Information,
        Message = "Audit {AuditEventId} {AuditType} at {OccurredAt}: user {UserId}, actor {ActorId}, client {ClientId}, ip {IpAddress}, "
            + "agent {UserAgent}, session {SessionId}, outcome {Outcome}, detail {Detail}")]
    private static partial void LogAuditEvent(
        ILogger logger, long auditEventId, string auditType, string? userId, string? clientId, string? ipAddress, string? userAgent,
        string? sessionId, string? actorId, string? outcome, string? detail, DateTimeOffset occurredAt);
}
