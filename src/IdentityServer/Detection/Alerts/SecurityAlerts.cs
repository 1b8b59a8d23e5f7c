using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Raises an alert: once per dedup key and window across the fleet (Redis <c>SET NX</c>), then stored with what the sinks
/// owe (webhook deliveries) and its audit event in one transaction, counted in <c>aict_security_alerts_total</c>, logged,
/// and only then announced to the sinks (a dispatcher woken, a mail queued), so nothing is sent for an alert that was not
/// stored. Redis being down does not silence a rule: the alert is raised undeduplicated.
/// </summary>
public sealed partial class SecurityAlerts(
    ApplicationDbContext db,
    AuditTrail audit,
    IEnumerable<IAlertSink> sinks,
    IConnectionMultiplexer redis,
    AictMetrics metrics,
    IOptions<DetectionOptions> options,
    TimeProvider time,
    ILogger<SecurityAlerts> logger)
{
    /// <returns>The alert, or null when one with the same dedup key was raised within its window.</returns>
    public async Task<SecurityAlert?> RaiseAsync(SecurityAlertDraft draft, CancellationToken cancellationToken = default)
    {
        if (draft.DedupKey is { } key && !await IsFirstAsync(key, draft.DedupWindow ?? TimeSpan.FromHours(1)))
        {
            return null;
        }

        var alert = new SecurityAlert
        {
            Type = draft.Type,
            Severity = draft.Severity,
            UserId = draft.UserId,
            Subject = draft.Subject,
            IpAddress = draft.Address?.ToString(),
            RaisedAt = time.GetUtcNow(),
            Reasons = JsonSerializer.Serialize(draft.Reasons),
        };
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null)
        {
            db.SecurityAlerts.Add(alert);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var sink in sinks)
            {
                await sink.EnqueueAsync(alert, cancellationToken);
            }

            var detail = JsonSerializer.Serialize(new { alert = alert.Id, type = alert.Type, severity = alert.Severity, reasons = draft.Reasons });
            await audit.RecordAsync(AuditEventTypes.SecurityAlertRaised, draft.UserId, detail: detail, cancellationToken: cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        foreach (var sink in sinks)
        {
            sink.Announce(alert);
        }

        metrics.SecurityAlert(alert.Type, alert.Severity);
        LogRaised(logger, alert.Id, alert.Type, alert.Severity, alert.Subject, alert.IpAddress);
        return alert;
    }

    private async Task<bool> IsFirstAsync(string key, TimeSpan window)
    {
        try
        {
            return await redis.GetDatabase().StringSetAsync(options.Value.KeyPrefix + "alert:" + key, 1, window, When.NotExists);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogDedupUnavailable(logger, exception);
            return true;
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning,
        Message = "Security alert {AlertId} raised: {AlertType} ({Severity}) about {Subject} from {IpAddress}")]
    private static partial void LogRaised(ILogger logger, long alertId, string alertType, string severity, string? subject, string? ipAddress);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Redis is unreachable: an alert is raised without deduplication")]
    private static partial void LogDedupUnavailable(ILogger logger, Exception exception);
}

/// <summary>Where raised alerts go besides the store: a webhook outbox, the administrators' mailbox.</summary>
public interface IAlertSink
{
    /// <summary>Stores what the sink owes for the alert, in the alert's transaction; never delivers inline.</summary>
    Task EnqueueAsync(SecurityAlert alert, CancellationToken cancellationToken);

    /// <summary>The alert and what the sinks stored for it are committed: start delivering.</summary>
    void Announce(SecurityAlert alert);
}
