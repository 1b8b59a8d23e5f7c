namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Credential stuffing (<c>Detection:CredentialStuffing</c>): this many failed or refused password sign-ins from one
/// network (an IPv4 /24, an IPv6 /64) within the window, over at least <see cref="DistinctIdentifiers"/> identifiers,
/// refuse password sign-ins from that network for <see cref="Block"/>, renewed by every further attempt.
/// </summary>
public sealed class CredentialStuffingOptions
{
    public const string Section = "Detection:CredentialStuffing";

    public int Failures { get; set; } = 100;

    /// <summary>Fewer identifiers than this is one account guessed at, which the brute-force rule answers.</summary>
    public int DistinctIdentifiers { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan Block { get; set; } = TimeSpan.FromHours(1);
}
