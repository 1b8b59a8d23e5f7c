using Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Outbox;

/// <summary>
/// Publishes committed outbox messages in OccurredAt order and marks them processed afterwards:
/// a crash between the two publishes a message again (at-least-once), never loses one.
/// </summary>
internal sealed partial class OutboxPublisher(
    IServiceScopeFactory scopes, IEventPublisher publisher, OutboxSignal signal, TimeProvider time,
    IOptions<OutboxOptions> options, ILogger<OutboxPublisher> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(exception);
            }

            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var batch = await db.Outbox.Where(m => m.ProcessedAt == null)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var message in batch)
        {
            message.Attempts++;
            try
            {
                await publisher.PublishAsync(message, cancellationToken);
                message.ProcessedAt = time.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Stop at the first failure so later messages never overtake it.
                message.LastError = exception.Message.Length > 2000 ? exception.Message[..2000] : exception.Message;
                await db.SaveChangesAsync(cancellationToken);
                LogPublishFailed(exception, message.Type, message.Id);
                return 0;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return batch.Count;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Publishing outbox message {Type} {MessageId} failed; it will be retried")]
    private partial void LogPublishFailed(Exception exception, string type, Guid messageId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Reading the outbox failed; retrying after the poll interval")]
    private partial void LogBatchFailed(Exception exception);
}
