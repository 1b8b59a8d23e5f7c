using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Passwords;

/// <summary>
/// Identity's PBKDF2-HMAC-SHA512 hasher over the NFKC form of the password, so that the same characters typed on
/// another keyboard or system verify. A hash made from the raw text before this still verifies, and is then
/// re-made: as is one with fewer iterations than <see cref="PasswordPolicyOptions.HashIterations"/>.
/// </summary>
public sealed class NormalizingPasswordHasher(IOptions<PasswordHasherOptions> options) : PasswordHasher<ApplicationUser>(options)
{
    public override string HashPassword(ApplicationUser user, string password) =>
        base.HashPassword(user, PasswordText.Normalize(password));

    public override PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        var normalized = PasswordText.Normalize(providedPassword);
        var result = base.VerifyHashedPassword(user, hashedPassword, normalized);
        if (result != PasswordVerificationResult.Failed || ReferenceEquals(normalized, providedPassword))
        {
            return result;
        }

        return base.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
            ? PasswordVerificationResult.Failed
            : PasswordVerificationResult.SuccessRehashNeeded;
    }
}
