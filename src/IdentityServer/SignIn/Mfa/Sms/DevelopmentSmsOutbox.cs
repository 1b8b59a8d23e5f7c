using Aict.IdentityServer.Platform.Email;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// Development's SMS: nothing leaves the machine; the latest messages stay in memory for the developer
/// (and the tests) to read at <c>/dev/outbox</c>, beside the e-mail.
/// </summary>
public sealed partial class DevelopmentSmsOutbox(TimeProvider time, ILogger<DevelopmentSmsOutbox> logger) : ISmsSender
{
    private readonly KeptMessages<SentSms> _kept = new();

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<SentSms> Messages => _kept.Newest;

    public Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        _kept.Add(new SentSms(message, time.GetUtcNow()));
        LogKept(logger, message.To);
        return Task.FromResult(SmsDelivery.Sent);
    }

    [LoggerMessage(EventId = 2800, Level = LogLevel.Information, Message = "Development outbox: SMS to {Recipient}; read it at /dev/outbox")]
    private static partial void LogKept(ILogger logger, string recipient);
}

/// <summary>An SMS in the Development outbox and when it was "sent".</summary>
public sealed record SentSms(SmsMessage Message, DateTimeOffset SentAt);
