using System.Net;
using System.Net.Sockets;

namespace Aict.Gateway.Edge;

/// <summary>
/// One client for the edge limit: an IPv4 address whole, an IPv6 address by its /64, since one subscriber's network hands
/// out many addresses within it (IdentityServer counts the same way).
/// </summary>
internal static class ClientAddressKey
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
