using System.Net;
using System.Net.Sockets;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// Connects a logout notice only to public addresses, checked on the addresses the host name resolves to at the
/// moment of connecting: a name registered as public that later resolves to a private address (DNS rebinding) is
/// refused too. A name with any private address is refused as a whole.
/// </summary>
internal static class PublicAddressConnector
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0 || addresses.Any(PrivateNetworks.Contains))
        {
            throw new PrivateAddressException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A logout URI's host resolved to an address outside the public internet.</summary>
public sealed class PrivateAddressException(string host)
    : IOException($"{host} resolves to a loopback, link-local or private address, where logout notices are not sent.");
