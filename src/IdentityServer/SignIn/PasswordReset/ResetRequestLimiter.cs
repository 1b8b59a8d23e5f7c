using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>
/// Limits reset-link requests per client address and per normalised e-mail, in fixed windows: one
/// machine cannot flood the mailer, and nobody can bury one address in reset e-mail.
/// </summary>
public sealed class ResetRequestLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ResetRequestSource> _byClientAddress;
    private readonly PartitionedRateLimiter<ResetRequestSource> _byEmail;
    private readonly PartitionedRateLimiter<ResetRequestSource> _both;

    public ResetRequestLimiter(IOptions<PasswordResetOptions> options)
    {
        var limits = options.Value;
        _byClientAddress = PartitionedRateLimiter.Create<ResetRequestSource, string>(source =>
            FixedWindow(source.ClientAddress, limits.RequestsPerClientAddress, limits.Window));
        _byEmail = PartitionedRateLimiter.Create<ResetRequestSource, string>(source =>
            FixedWindow(source.NormalizedEmail, limits.RequestsPerEmail, limits.Window));
        _both = PartitionedRateLimiter.CreateChained(_byClientAddress, _byEmail);
    }

    /// <summary>True when the request may go ahead; otherwise how long to wait, when known.</summary>
    public bool TryAcquire(ResetRequestSource source, out TimeSpan? retryAfter)
    {
        using var lease = _both.AttemptAcquire(source);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _both.Dispose();
        _byEmail.Dispose();
        _byClientAddress.Dispose();
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });
}

/// <summary>Who asks for a reset link: the client's address and the e-mail it names (normalised).</summary>
public sealed record ResetRequestSource(string ClientAddress, string NormalizedEmail);
