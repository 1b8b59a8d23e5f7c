using System.Globalization;
using System.Threading.Channels;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>Something that ends in a verification e-mail: the language it is written in and the site its links point to.</summary>
public abstract record VerificationRequest(CultureInfo Culture, Uri Site);

/// <summary>A sign-up as submitted: the password already checked against the rules and hashed, never kept in clear.</summary>
public sealed record SignUpRequest(
    string Email, string GivenName, string? FamilyName, string PasswordHash, string? ClientAddress, string? UserAgent, CultureInfo Culture, Uri Site)
    : VerificationRequest(Culture, Site)
{
    // The hash stays out of any log line that prints the request.
    public override string ToString() => nameof(SignUpRequest);
}

/// <summary>A new link asked for an address whose account awaits verification.</summary>
public sealed record ResendRequest(string Email, CultureInfo Culture, Uri Site) : VerificationRequest(Culture, Site);

/// <summary>A signed-in user asked to move their account to <paramref name="NewEmail"/>.</summary>
public sealed record EmailChangeRequest(string UserId, string NewEmail, CultureInfo Culture, Uri Site) : VerificationRequest(Culture, Site);

/// <summary>
/// The queue between the pages (and the account API) and <see cref="VerificationMailer"/>: a request answers at once,
/// with the same text and the same work whether or not the address has an account; the lookup, any account change
/// and the e-mail happen there.
/// </summary>
public sealed partial class VerificationRequests(ILogger<VerificationRequests> logger)
{
    // Bounded: the rate limits keep it nearly empty; a flood beyond them is dropped (TryWrite fails), not buffered.
    private readonly Channel<VerificationRequest> _queue = Channel.CreateBounded<VerificationRequest>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(VerificationRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            LogDropped(logger);
        }
    }

    public IAsyncEnumerable<VerificationRequest> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 2350, Level = LogLevel.Warning, Message = "Verification request dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger);
}
