namespace Aict.IdentityServer.Platform.Outbox;

/// <summary>
/// Delivers what a durable outbox holds, in the background: one round at a time in a scope of its own, woken when
/// something is stored, polling for retries. A failed round (a database hiccup) is logged and tried again after the
/// poll interval, so deliveries never stop for good.
/// </summary>
internal abstract class OutboxDispatcher(IServiceScopeFactory scopes, DispatcherWakeUp wakeUp) : BackgroundService
{
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>False when there is nowhere to deliver to: the dispatcher does not run.</summary>
    protected virtual bool HasReceivers => true;

    /// <summary>Delivers what is due; true when more is due at once.</summary>
    protected abstract Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected abstract void LogRoundFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!HasReceivers)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool moreDue;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    moreDue = await RunRoundAsync(scope.ServiceProvider, stoppingToken);
                }

                if (!moreDue)
                {
                    await wakeUp.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(exception);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
