namespace Aict.IdentityServer.Sessions;

/// <summary>
/// One SSO session: a sign-in in one browser, named by the <c>sid</c> its cookie and tokens carry.
/// The cookie is only valid while this record says the session is alive.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public DateTimeOffset SignedInAt { get; init; }

    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The absolute end of the session, whatever the activity.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The authentication methods (RFC 8176), space-separated.</summary>
    public required string Methods { get; set; }

    public string? UserAgent { get; init; }

    public string? IpAddress { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public SessionEndReason? EndReason { get; set; }

    /// <summary>Each token family issued from this session, with the client it went to.</summary>
    public List<SessionGrant> Grants { get; init; } = [];

    public bool IsActiveAt(DateTimeOffset now, TimeSpan idleTimeout) =>
        EndedAt is null && now < ExpiresAt && now < LastActivityAt + idleTimeout;
}

/// <summary>A token family (OpenIddict authorization) that a client received from a session.</summary>
public sealed class SessionGrant
{
    public required string AuthorizationId { get; init; }

    public required string SessionId { get; init; }

    public required string ClientId { get; init; }

    public DateTimeOffset GrantedAt { get; init; }
}

/// <summary>Why a session ended; idle and absolute expiry are not recorded, they are read from the times.</summary>
public enum SessionEndReason
{
    SignedOut = 1,
    EndedByUser = 2,
    SignedOutEverywhere = 3,
    PasswordChanged = 4,
    PasswordReset = 5,
    MfaReset = 6,
    EndedByAdmin = 7,
    AccountLocked = 8,
    AccountDisabled = 9,
    AccountDeleted = 10,
}
