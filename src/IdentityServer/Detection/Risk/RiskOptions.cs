using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Detection.Risk;

/// <summary>What a sign-in gets at each risk level (the <c>Detection:Risk</c> section).</summary>
public sealed class RiskOptions
{
    public const string Section = "Detection:Risk";

    public RiskResponses Responses { get; set; } = new();

    /// <summary>A step-up for a user with no second factor: enrol one before any session, or be refused.</summary>
    public WithoutSecondFactor WithoutSecondFactor { get; set; } = WithoutSecondFactor.Enrol;

    public RiskResponse For(RiskLevel level) => level switch
    {
        RiskLevel.Low => Responses.Low,
        RiskLevel.Medium => Responses.Medium,
        RiskLevel.High => Responses.High,
        _ => RiskResponse.Allow,
    };
}

public sealed class RiskResponses
{
    public RiskResponse Low { get; set; } = RiskResponse.Allow;

    public RiskResponse Medium { get; set; } = RiskResponse.StepUp;

    public RiskResponse High { get; set; } = RiskResponse.Block;
}

public enum RiskResponse
{
    Allow,

    /// <summary>A second factor, even from a user who normally signs in with a password alone.</summary>
    StepUp,
    Block,
}

public enum WithoutSecondFactor
{
    Enrol,
    Block,
}

/// <summary>The impossible-travel rule (the <c>Detection:ImpossibleTravel</c> section).</summary>
public sealed class ImpossibleTravelOptions
{
    public const string Section = "Detection:ImpossibleTravel";

    public bool Enabled { get; set; } = true;

    /// <summary>Faster than this between two sign-ins of one user is impossible travel; airliners cruise a little below it.</summary>
    [Range(100, 100_000, ErrorMessage = "Detection:ImpossibleTravel:MaxSpeedKmh must be between 100 and 100000.")]
    public double MaxSpeedKmh { get; set; } = 900;

    /// <summary>Shorter hops are ignored: geolocation puts one address in neighbouring cities from one day to the next.</summary>
    [Range(0, 5_000, ErrorMessage = "Detection:ImpossibleTravel:MinDistanceKm must be between 0 and 5000.")]
    public double MinDistanceKm { get; set; } = 100;
}
