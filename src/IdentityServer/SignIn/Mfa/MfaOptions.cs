using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>The <c>Mfa</c> section: rules around second factors.</summary>
public sealed class MfaOptions : IValidatableObject
{
    public const string Section = "Mfa";

    /// <summary>Adding or removing a factor needs a sign-in at most this old, so a stolen session cannot quietly swap factors.</summary>
    public TimeSpan RecentSignInWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong second factors in a row that lock the account (Identity's lockout period), whatever the password limit.</summary>
    [Range(3, 20, ErrorMessage = "Mfa:MaxFailedAttempts must be between 3 and 20.")]
    public int MaxFailedAttempts { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RecentSignInWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:RecentSignInWindow must be positive.");
        }
    }
}
