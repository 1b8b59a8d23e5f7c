using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Raises an alert: once per dedup key and window across the fleet (Redis <c>SET NX</c>), then stored, written to the
/// audit trail, counted in <c>aict_security_alerts_total</c>, logged, and handed to the configured sinks in the same
/// transaction as the alert itself. Redis being down does not silence a rule: the alert is raised undeduplicated.
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
        db.SecurityAlerts.Add(alert);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var sink in sinks)
        {
            await sink.EnqueueAsync(alert, cancellationToken);
        }

        var detail = JsonSerializer.Serialize(new { alert = alert.Id, type = alert.Type, severity = alert.Severity, reasons = draft.Reasons });
        await audit.RecordAsync(AuditEventTypes.SecurityAlertRaised, draft.UserId, cancellationToken: cancellationToken, detail: detail);
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
    /// <summary>Takes the stored alert; must not fail the rule that raised it (queue, do not deliver inline).</summary>
    Task EnqueueAsync(SecurityAlert alert, CancellationToken cancellationToken);
}
