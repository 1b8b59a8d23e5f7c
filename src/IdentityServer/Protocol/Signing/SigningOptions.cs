using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>The <c>Signing</c> section: the signing algorithm of each token kind and the key rotation schedule.</summary>
public sealed class SigningOptions
{
    public const string Section = "Signing";

    private const string Algorithms = "^(RS256|ES256)$";

    /// <summary>
    /// ID tokens and logout tokens, read by relying parties: <c>RS256</c> (RSA-2048), OpenID Connect's
    /// default that every client library accepts, or <c>ES256</c>.
    /// </summary>
    [RegularExpression(Algorithms, ErrorMessage = "Signing:IdTokenAlgorithm must be 'RS256' or 'ES256'.")]
    public string IdTokenAlgorithm { get; set; } = KeyAlgorithms.Rs256;

    /// <summary>
    /// Access tokens: <c>ES256</c> (P-256, far cheaper to sign than RSA-2048 on the token endpoint's hot path,
    /// docs/performance.md#es256-access-tokens) or <c>RS256</c> for resource servers that read only RSA.
    /// </summary>
    [RegularExpression(Algorithms, ErrorMessage = "Signing:AccessTokenAlgorithm must be 'RS256' or 'ES256'.")]
    public string AccessTokenAlgorithm { get; set; } = KeyAlgorithms.Es256;

    /// <summary>Age after which start-up schedules the next key; zero turns automatic rotation off.</summary>
    public TimeSpan RotateAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a new key is published in the JWKS before it signs, so every cache learns it first.</summary>
    public TimeSpan PublishLead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a superseded key stays published and accepted: it must outlive every token it signed.</summary>
    public TimeSpan RetainAfterSuperseded { get; set; } = TimeSpan.FromDays(31);

    /// <summary>The signing algorithms in use, each needing its own active key.</summary>
    public IReadOnlyList<string> InUse => IdTokenAlgorithm == AccessTokenAlgorithm ? [IdTokenAlgorithm] : [IdTokenAlgorithm, AccessTokenAlgorithm];
}
