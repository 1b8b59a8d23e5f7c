using System.Buffers.Binary;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// Whether a string is laid out as ASP.NET Core Identity's version 3 password hash (format marker, PRF, iteration
/// count, salt length, salt, subkey), so that an import stores only hashes the password hasher can check. It reads
/// the layout; it checks no password.
/// </summary>
internal static class PasswordHashFormat
{
    private const byte Version3 = 0x01;
    private const int HeaderLength = 13;
    private const int MinimumSaltLength = 16;
    private const int MinimumSubkeyLength = 16;

    public static bool IsIdentityV3(string hash)
    {
        var bytes = new byte[hash.Length];
        if (!Convert.TryFromBase64String(hash, bytes, out var length) || length < HeaderLength + MinimumSaltLength + MinimumSubkeyLength)
        {
            return false;
        }

        var header = bytes.AsSpan(0, length);
        // KeyDerivationPrf: 0 HMACSHA1, 1 HMACSHA256, 2 HMACSHA512.
        var prf = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(header[9..]);
        return header[0] == Version3 && prf <= 2 && iterations is > 0 and <= int.MaxValue
            && saltLength >= MinimumSaltLength && length - HeaderLength - saltLength >= MinimumSubkeyLength;
    }
}
