namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Password spraying (<c>Detection:PasswordSpray</c>): this many distinct identifiers failing across the service within
/// the window, counted only from networks below the credential-stuffing threshold (the attack no single network shows).
/// No address can be blocked for it: it raises an alert and sets <see cref="AttackBlocks.SprayInProgress"/>.
/// </summary>
public sealed class PasswordSprayOptions
{
    public const string Section = "Detection:PasswordSpray";

    public int DistinctIdentifiers { get; set; } = 200;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each instance reads the fleet's spray flag from Redis.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
