using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>Self-service sign-up and the e-mail verification links (the <c>Registration</c> section).</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    /// <summary>
    /// Whether people may create their own accounts. The default is on in Development and off everywhere else:
    /// a production server offers sign-up only when configured to.
    /// </summary>
    public bool SelfService { get; set; }

    /// <summary>How long a verification link (a new account's, or a new e-mail address's) works.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Registration:VerificationLinkLifetime must be between 5 minutes and 7 days.")]
    public TimeSpan VerificationLinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The window over which the two limits below count sign-ups and verification e-mails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Registration:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 10_000, ErrorMessage = "Registration:RequestsPerClientAddress must be at least 1.")]
    public int RequestsPerClientAddress { get; set; } = 10;

    [Range(1, 1_000, ErrorMessage = "Registration:RequestsPerEmail must be at least 1.")]
    public int RequestsPerEmail { get; set; } = 3;
}
