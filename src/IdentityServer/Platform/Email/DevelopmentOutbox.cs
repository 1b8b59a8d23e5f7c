namespace Aict.IdentityServer.Platform.Email;

/// <summary>
/// Development's e-mail: nothing leaves the machine; the latest messages stay in memory for the
/// developer (and the tests) to read at <c>/dev/outbox</c>.
/// </summary>
public sealed partial class DevelopmentOutbox(TimeProvider time, ILogger<DevelopmentOutbox> logger) : IEmailDelivery
{
    private readonly KeptMessages<SentEmail> _kept = new();

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<SentEmail> Messages => _kept.Newest;

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        _kept.Add(new SentEmail(message, time.GetUtcNow()));
        LogKept(logger, message.To, message.Subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Information,
        Message = "Development outbox: e-mail to {Recipient}, \"{Subject}\"; read it at /dev/outbox")]
    private static partial void LogKept(ILogger logger, string recipient, string subject);
}

/// <summary>A message in the Development outbox and when it was "sent".</summary>
public sealed record SentEmail(EmailMessage Message, DateTimeOffset SentAt);
