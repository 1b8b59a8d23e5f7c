namespace Aict.IdentityServer.Platform.Outbox;

/// <summary>Lets whoever stores a delivery wake its dispatcher at once instead of waiting for its next poll.</summary>
internal sealed class DispatcherWakeUp : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one pending wake-up covers every notice stored meanwhile.
        }
    }

    /// <summary>Waits for a signal or for the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) => _signal.WaitAsync(pollInterval, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
