using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.Platform.Throttling;

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

    /// <summary>An IPv4 address's /24, an IPv6 address's /64, in CIDR notation.</summary>
    public static string Network(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ClientAddress.CountingKey(address);
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        bytes[3] = 0;
        return new IPAddress(bytes) + "/24";
    }
}
