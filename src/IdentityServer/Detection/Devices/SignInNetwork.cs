using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>The network a sign-in comes from: the /24 of an IPv4 address, the /64 of an IPv6 one.</summary>
public static class SignInNetwork
{
    /// <summary>The network's prefix, e.g. <c>192.0.2.0/24</c>; null for an unknown address.</summary>
    public static string? Of(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 8;
        bytes[prefix..length].Clear();
        return $"{new IPAddress(bytes[..length])}/{prefix * 8}";
    }

    /// <summary>What is stored of a network: a hash, so Redis holds no addresses.</summary>
    public static string? HashOf(IPAddress? address) =>
        Of(address) is { } network ? Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(network)), 0, 16) : null;
}
