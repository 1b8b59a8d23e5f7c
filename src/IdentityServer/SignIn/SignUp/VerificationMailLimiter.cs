using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>
/// Limits what makes a verification e-mail (a sign-up, a new link, an e-mail change) per client address and per
/// normalised e-mail address, in fixed windows: one machine cannot flood the mailer, and nobody can bury one
/// address in mail. Counted in memory on each instance, as the password-reset limits are.
/// </summary>
public sealed class VerificationMailLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _byClientAddress;
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _byEmail;
    private readonly PartitionedRateLimiter<(string ClientAddress, string NormalizedEmail)> _both;

    public VerificationMailLimiter(IOptions<RegistrationOptions> options)
    {
        var limits = options.Value;
        _byClientAddress = PartitionedRateLimiter.Create<(string ClientAddress, string NormalizedEmail), string>(source =>
            FixedWindow(source.ClientAddress, limits.RequestsPerClientAddress, limits.Window));
        _byEmail = PartitionedRateLimiter.Create<(string ClientAddress, string NormalizedEmail), string>(source =>
            FixedWindow(source.NormalizedEmail, limits.RequestsPerEmail, limits.Window));
        _both = PartitionedRateLimiter.CreateChained(_byClientAddress, _byEmail);
    }

    /// <summary>True when one more e-mail may go out; otherwise how long to wait, when known.</summary>
    public bool TryAcquire(string? clientAddress, string normalizedEmail, out TimeSpan? retryAfter)
    {
        using var lease = _both.AttemptAcquire((clientAddress ?? "unknown", normalizedEmail));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    /// <summary>Whole seconds for a <c>Retry-After</c> header, at least one.</summary>
    public static int Seconds(TimeSpan? retryAfter) => Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));

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
