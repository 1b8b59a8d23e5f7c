namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Something a detection rule saw that an administrator should know about: kept for the console (filter,
/// acknowledge), and the source of every delivery to the configured sinks.
/// </summary>
public sealed class SecurityAlert
{
    public long Id { get; init; }

    /// <summary>One of <see cref="SecurityAlertTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>One of <see cref="AlertSeverities"/>.</summary>
    public required string Severity { get; init; }

    /// <summary>The account concerned, when there is one (not for an attack spread over many accounts).</summary>
    public string? UserId { get; init; }

    /// <summary>What the alert is about in words an operator can search for: an account id, a network, a phone prefix.</summary>
    public string? Subject { get; init; }

    public string? IpAddress { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>Why the rule fired: a JSON array of short reason strings.</summary>
    public required string Reasons { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The administrator who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }
}

/// <summary>The alert types, stable strings in webhooks, metrics and the console.</summary>
public static class SecurityAlertTypes
{
    public const string BruteForce = "brute_force";
    public const string CredentialStuffing = "credential_stuffing";
    public const string PasswordSpray = "password_spray";
    public const string ImpossibleTravel = "impossible_travel";
    public const string NewDevice = "new_device";
    public const string RefreshTokenReplay = "refresh_token_replay";
    public const string SmsPumping = "sms_pumping";
    public const string MfaFatigue = "mfa_fatigue";

    public static IReadOnlyList<string> All { get; } =
        [BruteForce, CredentialStuffing, PasswordSpray, ImpossibleTravel, NewDevice, RefreshTokenReplay, SmsPumping, MfaFatigue];
}

/// <summary>Alert severities, lowest first.</summary>
public static class AlertSeverities
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";

    public static IReadOnlyList<string> All { get; } = [Low, Medium, High];
}
