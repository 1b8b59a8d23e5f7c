using System.Net;

namespace Aict.ServiceDefaults.Edge;

/// <summary>
/// The part of a client's address that identifies one client for counting: an IPv4 address whole, an IPv6
/// address by its /64 (one subscriber's network hands out many addresses within it). IdentityServer's limits and
/// the gateway's edge limit count by it.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string CountingKey(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>The network an address belongs to, in CIDR notation: an IPv4 address's /24, an IPv6 address's /64.</summary>
    public static string Network(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return CountingKey(address);
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        bytes[3] = 0;
        return new IPAddress(bytes) + "/24";
    }
}
