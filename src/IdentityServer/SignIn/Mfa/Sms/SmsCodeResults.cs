namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>What an SMS code is for: a code sent for one purpose never passes for another.</summary>
public enum SmsCodePurpose
{
    /// <summary>Proves the user holds the phone they are enrolling (<c>enrol-phone</c>).</summary>
    EnrolPhone,

    /// <summary>The second factor at sign-in (<c>sign-in</c>).</summary>
    SignIn,
}

public enum SmsSendStatus
{
    Sent,

    /// <summary>The user or the number has had its share of codes for now; see <see cref="SmsSendResult.RetryAfter"/>.</summary>
    TooManySends,

    /// <summary>Not an E.164 number, or the SMS provider refused it.</summary>
    InvalidNumber,

    /// <summary>The SMS provider failed; logged, nothing for the user to fix.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="SmsCodes.SendAsync"/>.</summary>
public sealed record SmsSendResult(SmsSendStatus Status, TimeSpan? RetryAfter = null)
{
    public static readonly SmsSendResult Sent = new(SmsSendStatus.Sent);
    public static readonly SmsSendResult InvalidNumber = new(SmsSendStatus.InvalidNumber);
    public static readonly SmsSendResult Failed = new(SmsSendStatus.Failed);

    public static SmsSendResult TooManySends(TimeSpan retryAfter) => new(SmsSendStatus.TooManySends, retryAfter);
}

/// <summary>The outcome of <see cref="SmsCodes.VerifyAsync"/>.</summary>
public enum SmsCodeVerification
{
    /// <summary>The right code; it is used up.</summary>
    Valid,

    /// <summary>A wrong code; the live code stays until too many wrong tries.</summary>
    Invalid,

    /// <summary>No live code: it expired, was used, or was never sent.</summary>
    Expired,

    /// <summary>Too many wrong tries killed the code; a new one must be sent.</summary>
    TooManyAttempts,
}

internal static class SmsCodePurposeNames
{
    public static string Name(this SmsCodePurpose purpose) => purpose switch
    {
        SmsCodePurpose.EnrolPhone => "enrol-phone",
        SmsCodePurpose.SignIn => "sign-in",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown SMS code purpose."),
    };
}
