using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Platform.Pruning;

/// <summary>How often, and how long after they stop mattering, finished rows are deleted (section <c>Pruning</c>).</summary>
public sealed class PruningOptions
{
    public const string Section = "Pruning";

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long tokens, authorizations, sessions and logout deliveries are kept after they ended or expired. Redeemed codes
    /// and refresh tokens are kept until they expire whatever this says, so that a replay is still recognised.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long audit events are kept: the account activity users and administrators read.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(180);

    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>The Redis key that lets one instance prune at a time.</summary>
    [Required]
    public string LockKey { get; set; } = "aict:pruning:lock";
}
