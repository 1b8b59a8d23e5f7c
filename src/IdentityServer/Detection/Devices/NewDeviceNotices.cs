using System.Globalization;
using System.Threading.Channels;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>A sign-in from a new device and network, to be told to the account holder with a link to undo it.</summary>
public sealed record NewDeviceNotice(string UserId, string SessionId, string? Place, DateTimeOffset SignedInAt, CultureInfo RequestCulture);

/// <summary>Between the sign-in and <see cref="NewDeviceMailer"/>: the sign-in never waits for the mail relay.</summary>
public sealed partial class NewDeviceNotices(ILogger<NewDeviceNotices> logger)
{
    // Bounded: a flood beyond what the relay can take is dropped and logged, not buffered without end.
    private readonly Channel<NewDeviceNotice> _queue = Channel.CreateBounded<NewDeviceNotice>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(NewDeviceNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            LogDropped(logger, notice.UserId);
        }
    }

    public IAsyncEnumerable<NewDeviceNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "New-sign-in notice for user {UserId} dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger, string userId);
}
