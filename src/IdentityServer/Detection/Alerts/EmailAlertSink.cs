using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>Hands alerts at or above <c>Alerts:Email:MinimumSeverity</c> to <see cref="AlertMailer"/>; the rule never waits for the relay.</summary>
internal sealed class EmailAlertSink(AlertMailQueue queue, IOptions<AlertOptions> options) : IAlertSink
{
    public Task EnqueueAsync(SecurityAlert alert, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Announce(SecurityAlert alert)
    {
        var email = options.Value.Email;
        if (email.Enabled && AlertSeverityOrder.AtLeast(alert.Severity, email.MinimumSeverity))
        {
            queue.Enqueue(alert);
        }
    }
}

/// <summary>Between the rules that raise alerts and <see cref="AlertMailer"/>; bounded, so a flood is dropped and logged, not buffered without end.</summary>
internal sealed partial class AlertMailQueue(ILogger<AlertMailQueue> logger)
{
    private readonly Channel<SecurityAlert> _queue = Channel.CreateBounded<SecurityAlert>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(SecurityAlert alert)
    {
        if (!_queue.Writer.TryWrite(alert))
        {
            LogDropped(logger, alert.Id);
        }
    }

    public IAsyncEnumerable<SecurityAlert> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Warning, Message = "Alert {AlertId} not mailed: the mail queue is full")]
    private static partial void LogDropped(ILogger logger, long alertId);
}
