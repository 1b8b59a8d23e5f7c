using System.Threading.Channels;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// Between the requests that cause notices of one kind and their <see cref="AccountNoticeMailer{TNotice}"/>: the request
/// answers at once, and a slow or failing mail relay never holds it up. Bounded: a flood beyond what the relay can take
/// is dropped and logged, not buffered without end.
/// </summary>
public sealed class AccountNotices<TNotice>(string kind, int capacity, ILogger<AccountNotices<TNotice>> logger)
    where TNotice : IAccountNotice
{
    private readonly Channel<TNotice> _queue = Channel.CreateBounded<TNotice>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>What the log lines call this kind of notice ("account change", "brute-force").</summary>
    public string Kind => kind;

    public void Enqueue(TNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            AccountNoticeLog.Dropped(logger, kind, notice.UserId);
        }
    }

    public IAsyncEnumerable<TNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);
}
