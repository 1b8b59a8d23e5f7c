using System.Threading.Channels;

namespace Aict.CommerceApi.Outbox;

/// <summary>Wakes a background loop early when there is new work, instead of waiting out its poll interval.</summary>
public class WorkSignal
{
    // One pending wake-up covers all work signalled before the loop looks again.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Returns when notified or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed.
        }
    }
}

/// <summary>Signals the outbox publisher that messages were committed.</summary>
public sealed class OutboxSignal : WorkSignal;
