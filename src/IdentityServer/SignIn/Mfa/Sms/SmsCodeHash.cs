using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// HMAC-SHA256 of a code bound to its user and purpose, keyed with <c>Sms:CodeHashKey</c>: whoever reads
/// Redis cannot try the million six-digit codes against the stored value without the server's key.
/// </summary>
public sealed class SmsCodeHash(byte[] key)
{
    public const int MinimumKeyBytes = 32;

    /// <summary>The configured key; in Development without one, a random key of this process (codes then end with it).</summary>
    public static SmsCodeHash From(SmsOptions options) =>
        new(TryDecodeKey(options.CodeHashKey) ?? RandomNumberGenerator.GetBytes(MinimumKeyBytes));

    /// <summary>The key's bytes when it is base64 of at least <see cref="MinimumKeyBytes"/> bytes, otherwise null.</summary>
    public static byte[]? TryDecodeKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var length) && length >= MinimumKeyBytes ? buffer[..length] : null;
    }

    public byte[] Compute(string userId, SmsCodePurpose purpose, string code) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{userId}\n{purpose.Name()}\n{code}"));
}
