using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.Passwords;

/// <summary>Password rules after NIST SP 800-63B-4 and the hashing cost (the <c>Passwords</c> section).</summary>
public sealed class PasswordPolicyOptions
{
    public const string Section = "Passwords";

    /// <summary>OWASP's current PBKDF2-HMAC-SHA512 iteration count: the default, and the floor outside Development.</summary>
    public const int RecommendedHashIterations = 210_000;

    /// <summary>Fewest characters (Unicode code points after NFKC normalisation).</summary>
    [Range(8, 64, ErrorMessage = "Passwords:MinimumLength must be between 8 and 64.")]
    public int MinimumLength { get; set; } = 8;

    /// <summary>When set, an account without a second factor needs at least this many characters (NIST suggests 15).</summary>
    [Range(8, 64, ErrorMessage = "Passwords:MinimumLengthWithoutSecondFactor must be between 8 and 64.")]
    public int? MinimumLengthWithoutSecondFactor { get; set; }

    /// <summary>Most characters accepted; NIST asks that at least 64 be allowed.</summary>
    [Range(64, 1024, ErrorMessage = "Passwords:MaximumLength must be between 64 and 1024.")]
    public int MaximumLength { get; set; } = 128;

    /// <summary>PBKDF2-HMAC-SHA512 iterations of new hashes; older hashes are upgraded at the next sign-in.</summary>
    [Range(10_000, 10_000_000, ErrorMessage = "Passwords:HashIterations must be between 10000 and 10000000.")]
    public int HashIterations { get; set; } = RecommendedHashIterations;
}
