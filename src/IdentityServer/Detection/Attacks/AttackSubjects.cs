using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// What the rules count by: an identifier as typed, trimmed, lower-cased and hashed (SHA-256, hex), so that Redis keys and
/// published blocks hold no address book; a client address (IPv6 by its /64); and its network (IPv4 /24, IPv6 /64).
/// </summary>
public static class AttackSubjects
{
    public static string IdentifierHash(string identifier)
    {
        var normalized = identifier.Trim().ToLowerInvariant();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalized), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The in-memory and published scope of one identifier at one address.</summary>
    public static string PairScope(string identifierHash, IPAddress address) => $"pair:{identifierHash}:{ClientAddress.CountingKey(address)}";

    /// <summary>The in-memory and published scope of one network.</summary>
    public static string NetworkScope(string network) => "net:" + network;
}
