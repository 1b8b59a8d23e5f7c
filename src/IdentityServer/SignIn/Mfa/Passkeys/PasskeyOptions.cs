using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>WebAuthn relying-party settings (the <c>Mfa:Passkeys</c> section).</summary>
public sealed class PasskeyOptions
{
    public const string Section = "Mfa:Passkeys";

    /// <summary>The RP id: the domain passkeys are bound to, shared by IdentityServer and the portal.</summary>
    [Required(ErrorMessage = "Mfa:Passkeys:RelyingPartyId is required: the domain passkeys belong to, e.g. example.com.")]
    public string RelyingPartyId { get; set; } = "localhost";

    [Required(ErrorMessage = "Mfa:Passkeys:RelyingPartyName is required: the name authenticators show.")]
    public string RelyingPartyName { get; set; } = "Aict Identity";

    /// <summary>The origins allowed to run ceremonies (IdentityServer's pages and the portal); Development defaults to both on localhost.</summary>
    public string[] Origins { get; set; } = [];

    /// <summary>How long a started registration or sign-in may wait for the authenticator.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00", ErrorMessage = "Mfa:Passkeys:CeremonyLifetime must be between 10 seconds and 30 minutes.")]
    public TimeSpan CeremonyLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Required(ErrorMessage = "Mfa:Passkeys:KeyPrefix is required: the Redis key prefix of passkey ceremonies.")]
    public string KeyPrefix { get; set; } = "aict:passkeys:";

    /// <summary>How often one client address may open the passwordless sign-in or start its ceremony per minute: each start stores a challenge.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Mfa:Passkeys:PasswordlessRequestsPerMinute must be at least 1.")]
    public int PasswordlessRequestsPerMinute { get; set; } = 30;

    internal static readonly string[] DevelopmentOrigins = ["http://localhost:5100", "http://localhost:5300"];
}
