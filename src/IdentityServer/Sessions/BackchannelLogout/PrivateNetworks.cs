using System.Net;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// Addresses a logout notice must not reach outside Development: this host, link-local and private ranges, shared
/// address space and "this network". The server posts to a URI a client chose, and these would let it reach
/// services that only trust their own network.
/// </summary>
public static class PrivateNetworks
{
    private static readonly IPNetwork[] Ranges =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
    ];

    public static bool Contains(IPAddress address)
    {
        // ::ffff:10.0.0.1 is 10.0.0.1 on a dual-stack socket.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Ranges.Any(range => range.Contains(plain));
    }

    /// <summary>Whether the URI's host names such an address itself, or this host by name (<c>localhost</c>).</summary>
    public static bool IsNamedBy(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? IPAddress.TryParse(uri.IdnHost, out var address) && Contains(address)
            : uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
