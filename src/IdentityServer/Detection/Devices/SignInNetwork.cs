using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>The network a sign-in comes from (<see cref="ClientAddress.Network"/>), as the sign-in history stores it.</summary>
public static class SignInNetwork
{
    /// <summary>What is stored of a network: a hash, so Redis holds no addresses.</summary>
    public static string? HashOf(IPAddress? address) =>
        address is not null ? Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(ClientAddress.Network(address))), 0, 16) : null;
}
