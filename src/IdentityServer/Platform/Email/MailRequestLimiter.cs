using System.Threading.RateLimiting;

namespace Aict.IdentityServer.Platform.Email;

/// <summary>
/// Limits requests that send someone an e-mail per client address and per normalised e-mail address, in fixed
/// windows: one machine cannot flood the mailer, and nobody can bury one address in mail. Counted in memory on
/// each instance. Each kind of mail (reset links, verification links) has its own limiter and settings.
/// </summary>
public abstract class MailRequestLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _byClientAddress;
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _byEmail;
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _both;

    protected MailRequestLimiter(int requestsPerClientAddress, int requestsPerEmail, TimeSpan window)
    {
        _byClientAddress = PartitionedRateLimiter.Create<(string ClientAddress, string NormalizedEmail), string>(source =>
            FixedWindow(source.ClientAddress, requestsPerClientAddress, window));
        _byEmail = PartitionedRateLimiter.Create<(string ClientAddress, string NormalizedEmail), string>(source =>
            FixedWindow(source.NormalizedEmail, requestsPerEmail, window));
        _both = PartitionedRateLimiter.CreateChained(_byClientAddress, _byEmail);
    }

    /// <summary>True when one more e-mail may go out; otherwise how long to wait, when known.</summary>
    public bool TryAcquire(string? clientAddress, string normalizedEmail, out TimeSpan? retryAfter)
    {
        using var lease = _both.AttemptAcquire((clientAddress ?? "unknown", normalizedEmail));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _both.Dispose();
        _byEmail.Dispose();
        _byClientAddress.Dispose();
        GC.SuppressFinalize(this);
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
}
