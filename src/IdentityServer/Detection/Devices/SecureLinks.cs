using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// The token in a new-sign-in e-mail's "this was not me" link: the user and the session it names, and when it was made,
/// protected by Data Protection; it expires after <see cref="NewDeviceOptions.SecureLinkLifetime"/> (on <see cref="TimeProvider"/>).
/// </summary>
public sealed class SecureLinks(IDataProtectionProvider protection, TimeProvider time, IOptions<NewDeviceOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Aict.IdentityServer.Detection.SecureLinks");

    public string Create(string userId, string sessionId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(userId);
            writer.Write(sessionId);
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
    }

    /// <summary>The user and session a token names; null when it was tampered with, is not ours, or has expired.</summary>
    public (string UserId, string SessionId)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))), Encoding.UTF8);
            var issuedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var (userId, sessionId) = (reader.ReadString(), reader.ReadString());
            return time.GetUtcNow() - issuedAt <= options.Value.SecureLinkLifetime ? (userId, sessionId) : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or EndOfStreamException)
        {
            return null;
        }
    }
}
