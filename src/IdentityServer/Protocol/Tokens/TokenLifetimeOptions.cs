using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>The <c>Tokens</c> section: how long each kind of token lives.</summary>
public sealed class TokenLifetimeOptions : IValidatableObject
{
    public const string Section = "Tokens";

    public TimeSpan AccessToken { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan IdentityToken { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AuthorizationCode { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Each refresh token lives this long; using it issues a new one (sliding).</summary>
    public TimeSpan RefreshTokenSliding { get; set; } = TimeSpan.FromDays(14);

    /// <summary>No refresh token of a family outlives the family's sign-in by more than this.</summary>
    public TimeSpan RefreshTokenAbsolute { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(AccessToken), AccessToken), (nameof(IdentityToken), IdentityToken),
            (nameof(AuthorizationCode), AuthorizationCode), (nameof(RefreshTokenSliding), RefreshTokenSliding),
            (nameof(RefreshTokenAbsolute), RefreshTokenAbsolute),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{Section}:{name} must be positive.", [name]);
            }
        }

        if (RefreshTokenSliding > RefreshTokenAbsolute)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(RefreshTokenSliding)} cannot exceed {Section}:{nameof(RefreshTokenAbsolute)}.",
                [nameof(RefreshTokenSliding)]);
        }
    }
}
