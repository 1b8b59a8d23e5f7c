namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// A logout notice owed to one client for one ended session (OIDC Back-Channel Logout 1.0), kept until
/// delivered or given up, so that a restart or an unreachable client does not lose it.
/// </summary>
public sealed class BackchannelLogoutDelivery
{
    public long Id { get; init; }

    public required string ClientId { get; init; }

    public required string Subject { get; init; }

    public required string SessionId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when the retries are exhausted.</summary>
    public DateTimeOffset? AbandonedAt { get; set; }

    public string? LastError { get; set; }
}
