using Aict.IdentityServer.Administration.Notices;
using System.Globalization;
using System.Threading.Channels;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>An account's holder to be told that guessing at its password from one address was blocked.</summary>
/// <param name="Address">The address the guesses came from (an IPv6 address by its /64).</param>
/// <param name="Culture">The language of the request, used when the account names none.</param>
public sealed record BruteForceNotice(string UserId, string Address, int Failures, CultureInfo RequestCulture, DateTimeOffset At)
    : IAccountNotice;

/// <summary>
/// The queue between the sign-in that set a block and <see cref="BruteForceMailer"/>: the page answers at once, and
/// answers the same whether or not the identifier has an account; the lookup and the e-mail happen in the background.
/// </summary>
public sealed partial class BruteForceNotices(ILogger<BruteForceNotices> logger)
{
    // Bounded: one notice per account per escalation window keeps it nearly empty; a flood beyond it is dropped, not buffered.
    private readonly Channel<BruteForceNotice> _queue = Channel.CreateBounded<BruteForceNotice>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(BruteForceNotice notice)
    {
        if (!_queue.Writer.TryWrite(notice))
        {
            LogDropped(logger, notice.UserId);
        }
    }

    public IAsyncEnumerable<BruteForceNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Brute-force notice to user {UserId} dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger, string userId);
}
