using Aict.IdentityServer.Administration.Notices;
using System.Globalization;
using System.Threading.Channels;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// A sign-in the account holder should hear of: from a new device and network (with the session it started, which the
/// e-mail's link can end), or refused for its risk (no session: whoever it was knows the password or holds a passkey).
/// </summary>
public sealed record SignInNotice(string UserId, string? SessionId, string? Place, DateTimeOffset SignedInAt, CultureInfo RequestCulture)
    : IAccountNotice;

/// <summary>Between the sign-in and <see cref="SignInNoticeMailer"/>: the sign-in never waits for the mail relay.</summary>
public sealed partial class SignInNotices(ILogger<SignInNotices> logger)
{
    // Bounded: a flood beyond what the relay can take is dropped and logged, not buffered without end.
    private readonly Channel<SignInNotice> _queue = Channel.CreateBounded<SignInNotice>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(SignInNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            LogDropped(logger, notice.UserId);
        }
    }

    public IAsyncEnumerable<SignInNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "Sign-in notice for user {UserId} dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger, string userId);
}
