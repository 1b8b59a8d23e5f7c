namespace Aict.IdentityServer.Detection.Risk;

public enum RiskLevel
{
    None,
    Low,
    Medium,
    High,
}

/// <summary>The reasons a sign-in can carry, as they appear in the audit trail, and the level each adds.</summary>
public static class RiskReasons
{
    public const string NewDevice = "new_device";
    public const string ImpossibleTravel = "impossible_travel";

    /// <summary>A password spray is under way across the service (<see cref="Attacks.AttackBlocks.SprayInProgress"/>).</summary>
    public const string PasswordSprayInProgress = "password_spray_in_progress";

    /// <summary>A new device is low; every other reason (impossible travel, and the attack rules' signals) is medium.</summary>
    public static RiskLevel Weight(string reason) => reason == NewDevice ? RiskLevel.Low : RiskLevel.Medium;

    /// <summary>
    /// The sign-in's level: the highest of its reasons, raised to high when two medium reasons coincide or when the
    /// impossible journey ends on a device and network the user never used (the shape of a stolen password used abroad).
    /// </summary>
    public static RiskLevel LevelOf(IReadOnlyCollection<string> reasons)
    {
        var medium = reasons.Count(reason => Weight(reason) == RiskLevel.Medium);
        if (medium >= 2 || (reasons.Contains(ImpossibleTravel) && reasons.Contains(NewDevice)))
        {
            return RiskLevel.High;
        }

        return medium > 0 ? RiskLevel.Medium : reasons.Count > 0 ? RiskLevel.Low : RiskLevel.None;
    }
}
