using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>The <c>BackchannelLogout</c> section: how logout notices are delivered and retried.</summary>
public sealed class BackchannelLogoutOptions : IValidatableObject
{
    public const string Section = "BackchannelLogout";

    private static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    /// <summary>
    /// The wait before each retry; after the last one fails the notice is abandoned. Empty means the defaults
    /// (5 s, 30 s, 2 min, 10 min, 1 h): a non-empty default list would be appended to by the configuration binder.
    /// </summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>How often the dispatcher looks for due notices besides being woken when new ones are stored.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a client may take to answer one notice.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The logout token's lifetime (its <c>exp</c> after <c>iat</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Outside Development, whether logout URIs may point at loopback, link-local or private addresses: for
    /// on-premises deployments whose clients live on such a network. Off by default, so a client cannot make the
    /// server post to its own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>At most this many notices are sent per round.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Count > 0 ? RetryDelays : DefaultRetryDelays;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryDelays.Any(delay => delay <= TimeSpan.Zero))
        {
            yield return new ValidationResult($"{Section}:RetryDelays must all be positive.");
        }

        if (PollInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || TokenLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:PollInterval, {Section}:RequestTimeout and {Section}:TokenLifetime must be positive.");
        }
    }
}
