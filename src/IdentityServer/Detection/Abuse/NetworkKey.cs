using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>The network a client address belongs to for the abuse rules: an IPv4 /24, an IPv6 /64.</summary>
public static class NetworkKey
{
    public static string Of(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var (length, prefix) = plain.AddressFamily == AddressFamily.InterNetwork ? (4, 24) : (16, 64);
        Span<byte> bytes = stackalloc byte[length];
        plain.TryWriteBytes(bytes, out _);
        bytes[(prefix / 8)..].Clear();
        return $"{new IPAddress(bytes)}/{prefix}";
    }

    /// <summary>A short hash for Redis keys and set members, so that neither addresses nor phone numbers sit there in the clear.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
