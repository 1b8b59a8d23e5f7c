using System.ComponentModel.DataAnnotations;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>Where the revocation list lives in Redis and how long a stale local copy may still answer.</summary>
public sealed class RevocationOptions
{
    public const string Section = "Revocation";

    /// <summary>Prefix of every key and of the channel; distinct prefixes keep deployments (and test servers) apart.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "revocation:";

    /// <summary>How long the local copy keeps answering once it is no longer known to be current; then requests fail closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StalenessBound { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the list checks its subscription, resynchronises when needed and drops expired entries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far past <c>exp</c> a resource server still accepts a token (clock skew), and so how much longer than the
    /// tokens it covers every entry is kept: an entry must outlive them, or a revoked token would be accepted again.
    /// Set the same value on IdentityServer and every resource server.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public string Channel => KeyPrefix + "events";
}
