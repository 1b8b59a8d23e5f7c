using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>
/// Identity's token provider for e-mailed verification links. Like Identity's data-protection provider, a token
/// is the issue time, user id, purpose and security stamp, protected by Data Protection; unlike it, the time comes
/// from <see cref="TimeProvider"/> and the lifetime from <see cref="RegistrationOptions.VerificationLinkLifetime"/>
/// (the password-reset links keep theirs). Using a link rotates the security stamp, so each works once.
/// </summary>
public sealed class VerificationLinkTokens(IDataProtectionProvider protection, TimeProvider time, IOptions<RegistrationOptions> options)
    : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "VerificationLink";

    /// <summary>The purpose of a new account's link.</summary>
    public const string SignUpPurpose = "VerifyEmail";

    private readonly IDataProtector _protector = protection.CreateProtector("Aict.IdentityServer.VerificationLinkTokens");

    /// <summary>The purpose of a link that moves an account to <paramref name="normalizedEmail"/>: another address's link does not fit.</summary>
    public static string ChangePurpose(string normalizedEmail) => "ChangeEmail:" + normalizedEmail;

    public async Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user));
        }

        // Base64url: the token goes into a link as it is.
        return WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }

        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var issuedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        if (time.GetUtcNow() - issuedAt > options.Value.VerificationLinkLifetime)
        {
            return false;
        }

        var userId = reader.ReadString();
        var tokenPurpose = reader.ReadString();
        var stamp = Encoding.UTF8.GetBytes(reader.ReadString());
        var currentStamp = Encoding.UTF8.GetBytes(await manager.GetSecurityStampAsync(user));
        return userId == await manager.GetUserIdAsync(user)
            && tokenPurpose == purpose
            && CryptographicOperations.FixedTimeEquals(stamp, currentStamp);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) => Task.FromResult(false);

    /// <summary>A fresh security stamp, set on the user before the single write that uses a link: every earlier link stops working.</summary>
    public static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
}
