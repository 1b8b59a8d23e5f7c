namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>The phone number a user receives SMS one-time codes on; a factor only once verified.</summary>
public sealed class PhoneFactor
{
    public required string UserId { get; init; }

    /// <summary>E.164: a plus sign and at most 15 digits.</summary>
    public required string PhoneNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null until the user enters a code sent to the number.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }
}
