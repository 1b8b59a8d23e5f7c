namespace Aict.ServiceDefaults.Telemetry;

/// <summary>Values of the <c>factor</c> label of <c>aict_mfa_challenges_total</c>.</summary>
public static class MfaChallengeFactors
{
    public const string Totp = "totp";
    public const string Sms = "sms";
    public const string Passkey = "passkey";
    public const string RecoveryCode = "recovery_code";
}

/// <summary>Values of the <c>result</c> label of <c>aict_mfa_challenges_total</c>.</summary>
public static class MfaChallengeResults
{
    /// <summary>A sign-in code went out by SMS.</summary>
    public const string Sent = "sent";

    public const string Success = "success";
    public const string Failure = "failure";

    /// <summary>The wrong answer that locked the account.</summary>
    public const string Locked = "locked";
}
