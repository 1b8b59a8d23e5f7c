using System.Threading.Channels;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// Between the requests that change accounts and <see cref="ChangeNoticeMailer"/>: the change answers at
/// once, and a slow or failing mail relay never holds it up.
/// </summary>
public sealed partial class QueuedChangeNotices(ILogger<QueuedChangeNotices> logger)
{
    // Bounded: a flood beyond what the relay can take is dropped and logged, not buffered without end.
    private readonly Channel<ChangeNotice> _queue = Channel.CreateBounded<ChangeNotice>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(ChangeNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            LogDropped(logger, notice.UserId);
        }
    }

    public IAsyncEnumerable<ChangeNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 2330, Level = LogLevel.Warning, Message = "Account change notice for user {UserId} dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger, string userId);
}
