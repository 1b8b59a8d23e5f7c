namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>What checking a TOTP code found; only <see cref="Valid"/> lets the user through.</summary>
public enum TotpCheckResult
{
    Valid,
    Invalid,

    /// <summary>The code's time step, or a later one, was already used.</summary>
    Replayed,

    /// <summary>Too many codes were tried in the attempt window; nothing is checked until it passes.</summary>
    TooManyAttempts,

    /// <summary>No authenticator (or, when confirming, no pending enrolment) exists.</summary>
    NotEnrolled,
}
