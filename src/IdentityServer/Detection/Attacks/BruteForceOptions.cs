namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Brute force (<c>Detection:BruteForce</c>): this many failed password sign-ins for one identifier from one address
/// (an IPv6 address by its /64) within the window block that pair; each block of the same pair within
/// <see cref="EscalationWindow"/> waits twice as long as the one before, up to <see cref="MaximumBackOff"/>.
/// </summary>
public sealed class BruteForceOptions
{
    public const string Section = "Detection:BruteForce";

    public int Failures { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan FirstBackOff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaximumBackOff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the pair's blocks are remembered to grow the back-off; also one e-mail per account and one alert per pair in it.</summary>
    public TimeSpan EscalationWindow { get; set; } = TimeSpan.FromDays(1);
}
