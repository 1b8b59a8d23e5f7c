namespace Aict.IdentityServer.Sms;

/// <summary>
/// Development's SMS: nothing leaves the machine; the latest messages stay in memory for the developer
/// (and the tests) to read at <c>/dev/outbox</c>, beside the e-mail.
/// </summary>
public sealed partial class DevelopmentSmsOutbox(TimeProvider time, ILogger<DevelopmentSmsOutbox> logger) : ISmsSender
{
    /// <summary>How many messages are kept; older ones are dropped.</summary>
    public const int Capacity = 50;

    private readonly LinkedList<SentSms> _messages = new();

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<SentSms> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        lock (_messages)
        {
            _messages.AddFirst(new SentSms(message, time.GetUtcNow()));
            if (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }

        LogKept(logger, message.To);
        return Task.FromResult(SmsDelivery.Sent);
    }

    [LoggerMessage(EventId = 2800, Level = LogLevel.Information, Message = "Development outbox: SMS to {Recipient}; read it at /dev/outbox")]
    private static partial void LogKept(ILogger logger, string recipient);
}

/// <summary>An SMS in the Development outbox and when it was "sent".</summary>
public sealed record SentSms(SmsMessage Message, DateTimeOffset SentAt);
