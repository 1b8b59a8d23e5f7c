namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>
/// A user's authenticator app (RFC 6238): the shared secret, encrypted with Data Protection, and what
/// verification must remember between requests (the last accepted time step, recent failures).
/// </summary>
public sealed class TotpAuthenticator
{
    public required string UserId { get; init; }

    /// <summary>The secret as Data Protection's protected payload; never the plain secret.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The time step of the last accepted code: a code for this step or an earlier one is a replay.</summary>
    public long LastUsedTimeStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null until the user proves the app works with a first valid code.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Codes tried in the current attempt window; the limit is counted here so it follows the database and the clock.</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? AttemptWindowStartedAt { get; set; }
}
