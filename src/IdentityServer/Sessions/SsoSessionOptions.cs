using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Sessions;

/// <summary>The <c>Session</c> section: how long an SSO session lives.</summary>
public sealed class SsoSessionOptions : IValidatableObject
{
    public const string Section = "Session";

    /// <summary>A session without activity for this long ends; every request renews it.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>No session outlives its sign-in by more than this, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Last activity is written at most this often, so that a busy session does not write on every request.</summary>
    public TimeSpan ActivityWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout <= TimeSpan.Zero || AbsoluteLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:IdleTimeout and {Section}:AbsoluteLifetime must be positive.");
        }

        if (IdleTimeout > AbsoluteLifetime)
        {
            yield return new ValidationResult($"{Section}:IdleTimeout cannot exceed {Section}:AbsoluteLifetime.");
        }

        if (ActivityWriteInterval < TimeSpan.Zero || ActivityWriteInterval >= IdleTimeout)
        {
            yield return new ValidationResult($"{Section}:ActivityWriteInterval must be between zero and {Section}:IdleTimeout.");
        }
    }
}
