using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Security;

/// <summary>The <c>AdminAccess</c> section: what an administrator's sign-in must be for admin rights here.</summary>
public sealed class AdminAccessOptions : IValidatableObject
{
    public const string Section = "AdminAccess";

    /// <summary>Admin rights need a sign-in with MFA at most this old (the token's <c>auth_time</c>), as at IdentityServer's admin API.</summary>
    public TimeSpan RecentSignInWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RecentSignInWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:RecentSignInWindow must be positive.", [nameof(RecentSignInWindow)]);
        }
    }
}
