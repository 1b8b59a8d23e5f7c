using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>A replayed refresh token (<c>Detection:RefreshTokenReplay</c>): the family is revoked whatever this says; this only raises the alert.</summary>
public sealed class RefreshTokenReplayOptions
{
    public const string Section = "Detection:RefreshTokenReplay";

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// SMS pumping (<c>Detection:SmsPumping</c>): codes sent to many distinct numbers, which bills the service for texts to
/// numbers an attacker is paid for. Counted per network (IPv4 /24, IPv6 /64) and across the service per window.
/// </summary>
public sealed class SmsPumpingOptions
{
    public const string Section = "Detection:SmsPumping";

    /// <summary>Distinct numbers one network may have codes sent to per window; a further new number is refused and alerted.</summary>
    [Range(1, 100_000)]
    public int NumbersPerNetwork { get; set; } = 10;

    /// <summary>Distinct numbers across the service per window above which an alert is raised (nothing is refused for it).</summary>
    [Range(1, 100_000_000)]
    public int NumbersServiceWide { get; set; } = 1_000;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// MFA fatigue (<c>Detection:MfaFatigue</c>): second-factor challenges a user is put through and does not complete, the
/// sign of someone holding the password and pushing codes at the phone. Completing any second factor starts the count again.
/// </summary>
public sealed class MfaFatigueOptions
{
    public const string Section = "Detection:MfaFatigue";

    /// <summary>Begun second-factor sign-ins, or sign-in codes sent, within <see cref="Window"/> that raise the alert and pause SMS.</summary>
    [Range(2, 1_000)]
    public int Challenges { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long sign-in codes by SMS stay paused for the user; an authenticator app, a passkey or a recovery code still work.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SmsPause { get; set; } = TimeSpan.FromHours(1);
}
