using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>What the abuse rules keep of networks, numbers and users in Redis: short hashes.</summary>
public static class NetworkKey
{
    /// <summary>A short hash for Redis keys and set members, so that neither addresses nor phone numbers sit there in the clear.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
