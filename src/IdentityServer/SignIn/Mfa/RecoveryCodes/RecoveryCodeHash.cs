using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;

/// <summary>
/// How a recovery code is stored: a random salt of its own and PBKDF2-SHA256 over the code, so that one
/// guess tests one code of one user, and each guess costs many hash rounds.
/// </summary>
/// <remarks>
/// A code holds about 49 bits from the random generator; with a per-code salt and the iteration count
/// below, a stolen table cannot be searched in bulk or in reasonable time, and no key needs managing.
/// Codes stored before salting are a bare SHA-256 of the code; they are still accepted (each once),
/// until used or replaced by a new set.
/// </remarks>
internal static class RecoveryCodeHash
{
    // Stored as salt || derived bytes, in the 32 bytes the column has always held.
    private const int SaltLength = 16;
    private const int DerivedLength = 16;
    private const int Iterations = 10_000;

    public static byte[] Compute(string normalizedCode) => Compute(normalizedCode, RandomNumberGenerator.GetBytes(SaltLength));

    /// <summary>Whether <paramref name="stored"/> is the hash of the code, in either format, compared in constant time.</summary>
    public static bool Matches(byte[] stored, string normalizedCode, byte[] legacyHash) =>
        stored.Length == SaltLength + DerivedLength
        && (CryptographicOperations.FixedTimeEquals(stored, Compute(normalizedCode, stored[..SaltLength]))
            | CryptographicOperations.FixedTimeEquals(stored, legacyHash));

    /// <summary>The unsalted SHA-256 of codes generated before salting; computed once per redemption.</summary>
    public static byte[] Legacy(string normalizedCode) => SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode));

    private static byte[] Compute(string normalizedCode, byte[] salt)
    {
        var stored = new byte[SaltLength + DerivedLength];
        salt.CopyTo(stored, 0);
        Rfc2898DeriveBytes.Pbkdf2(
            Encoding.ASCII.GetBytes(normalizedCode), salt, stored.AsSpan(SaltLength), Iterations, HashAlgorithmName.SHA256);
        return stored;
    }
}
