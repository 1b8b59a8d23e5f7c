using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>The <c>ClientRegistration</c> section: dynamic client registration (RFC 7591, RFC 7592).</summary>
public sealed class ClientRegistrationOptions : IValidatableObject
{
    public const string Section = "ClientRegistration";

    /// <summary>The longest an administrator may make an initial access token live; every one they create expires.</summary>
    public TimeSpan MaxInitialAccessTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxInitialAccessTokenLifetime <= TimeSpan.Zero || MaxInitialAccessTokenLifetime > TimeSpan.FromDays(365))
        {
            yield return new ValidationResult(
                "ClientRegistration:MaxInitialAccessTokenLifetime must be more than zero and at most 365 days.",
                [nameof(MaxInitialAccessTokenLifetime)]);
        }
    }
}
