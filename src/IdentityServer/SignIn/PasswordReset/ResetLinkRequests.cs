using System.Globalization;
using System.Threading.Channels;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>
/// A reset link asked for: the e-mail as typed, the language of the request, and the site the link points to;
/// <see cref="Welcome"/> when an administrator created the account without a password, so the user chooses their first.
/// </summary>
public sealed record ResetLinkRequest(string Email, CultureInfo Culture, Uri Site, bool Welcome = false);

/// <summary>
/// The queue between the forgot-password page and <see cref="ResetLinkMailer"/>: the page answers at once
/// and in the same time whether or not the account exists; the lookup and the e-mail happen here.
/// </summary>
public sealed partial class ResetLinkRequests(ILogger<ResetLinkRequests> logger)
{
    // Bounded: the rate limits keep it nearly empty; a flood beyond them is dropped (TryWrite fails), not buffered.
    private readonly Channel<ResetLinkRequest> _queue = Channel.CreateBounded<ResetLinkRequest>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(ResetLinkRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            LogDropped(logger);
        }
    }

    public IAsyncEnumerable<ResetLinkRequest> ReadAllAsync(CancellationToken cancellationToken) =>
        _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Warning, Message = "Reset-link request dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger);
}
