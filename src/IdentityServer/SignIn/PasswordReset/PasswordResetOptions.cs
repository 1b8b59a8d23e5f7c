using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>Reset links and how often they may be asked for (the <c>PasswordReset</c> section).</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "PasswordReset";

    /// <summary>How long a reset link works (Identity's data-protection token lifespan).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "PasswordReset:LinkLifetime must be between 1 minute and 1 day.")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The window over which the two limits below count requests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "PasswordReset:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 10_000, ErrorMessage = "PasswordReset:RequestsPerClientAddress must be at least 1.")]
    public int RequestsPerClientAddress { get; set; } = 10;

    [Range(1, 1_000, ErrorMessage = "PasswordReset:RequestsPerEmail must be at least 1.")]
    public int RequestsPerEmail { get; set; } = 3;
}
