using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Signing;

/// <summary>The <c>Signing</c> section: the token signing algorithm and the key rotation schedule.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary><c>RS256</c> (RSA-2048, the default) or <c>ES256</c> (P-256).</summary>
    [RegularExpression("^(RS256|ES256)$", ErrorMessage = "Signing:Algorithm must be 'RS256' or 'ES256'.")]
    public string Algorithm { get; set; } = KeyAlgorithms.Rs256;

    /// <summary>Age after which start-up schedules the next key; zero turns automatic rotation off.</summary>
    public TimeSpan RotateAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a new key is published in the JWKS before it signs, so every cache learns it first.</summary>
    public TimeSpan PublishLead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a superseded key stays published and accepted: it must outlive every token it signed.</summary>
    public TimeSpan RetainAfterSuperseded { get; set; } = TimeSpan.FromDays(31);
}
