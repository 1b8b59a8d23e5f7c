namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// One alert owed to one webhook, kept until delivered or given up (the back-channel logout outbox's shape), so that
/// a restart or a receiver that is down does not lose it. The body is fixed when the alert is raised.
/// </summary>
public sealed class AlertDelivery
{
    public long Id { get; init; }

    public long AlertId { get; init; }

    /// <summary>The webhook's name in configuration (<c>Alerts:Webhooks:{name}</c>), not its URL or secret.</summary>
    public required string Sink { get; init; }

    /// <summary>The JSON document posted, exactly as signed.</summary>
    public required string Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when the retries are exhausted.</summary>
    public DateTimeOffset? AbandonedAt { get; set; }

    public string? LastError { get; set; }
}
