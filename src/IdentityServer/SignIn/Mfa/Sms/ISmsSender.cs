namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>A text message to one phone number in E.164.</summary>
public sealed record SmsMessage(string To, string Body);

/// <summary>What became of a message handed to an <see cref="ISmsSender"/>.</summary>
public enum SmsDelivery
{
    Sent,

    /// <summary>The provider refused the number (not a valid or reachable mobile number).</summary>
    InvalidNumber,

    /// <summary>Anything else went wrong; the sender has logged it.</summary>
    Failed,
}

/// <summary>Delivers SMS: through Twilio, or to the Development outbox.</summary>
public interface ISmsSender
{
    Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}
