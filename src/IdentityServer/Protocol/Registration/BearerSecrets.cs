using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// The registration's bearer secrets (initial access tokens, registration access tokens, client ids and secrets):
/// 256 random bits, base64url; only their SHA-256 is kept, and a presented one is checked against it in constant time.
/// </summary>
public static class BearerSecrets
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="storedHash"/>, taking the same time wherever they differ.</summary>
    public static bool Matches(string presented, string? storedHash) =>
        storedHash is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>The token of an <c>Authorization: Bearer</c> header (RFC 6750 §2.1), or null.</summary>
    public static string? FromAuthorizationHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value["Bearer ".Length..].Trim();
        return token.Length is > 0 and <= 512 ? token : null;
    }
}
