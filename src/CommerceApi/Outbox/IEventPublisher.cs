using System.Collections.Concurrent;

namespace Aict.CommerceApi.Outbox;

/// <summary>Where outbox messages go once their transaction committed (a message broker in production).</summary>
public interface IEventPublisher
{
    Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>One published event as the local publisher recorded it.</summary>
public sealed record PublishedEvent(Guid MessageId, string Type, string Payload, DateTimeOffset OccurredAt);

/// <summary>The local publisher: logs each event and keeps it in memory for tests and developers to read.</summary>
public sealed partial class LocalEventPublisher(ILogger<LocalEventPublisher> logger) : IEventPublisher
{
    private readonly ConcurrentQueue<PublishedEvent> _published = new();

    /// <summary>Everything published so far, in publishing order (a message may appear twice: delivery is at-least-once).</summary>
    public IReadOnlyList<PublishedEvent> Published => [.. _published];

    public Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        _published.Enqueue(new PublishedEvent(message.Id, message.Type, message.Payload, message.OccurredAt));
        LogPublished(message.Type, message.Id, message.Payload);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Published {Type} {MessageId}: {Payload}")]
    private partial void LogPublished(string type, Guid messageId, string payload);
}
