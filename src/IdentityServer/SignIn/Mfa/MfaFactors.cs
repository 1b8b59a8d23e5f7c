using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>Which second factors a user has, and keeping Identity's TwoFactorEnabled in step with them.</summary>
public sealed class MfaFactors(ApplicationDbContext db, UserManager<ApplicationUser> users)
{
    public async Task<MfaFactorSummary> GetAsync(string userId, CancellationToken cancellationToken = default) => new(
        Totp: await db.TotpAuthenticators.AnyAsync(t => t.UserId == userId && t.ConfirmedAt != null, cancellationToken),
        Sms: await db.PhoneFactors.AnyAsync(p => p.UserId == userId && p.VerifiedAt != null, cancellationToken),
        Passkeys: await db.Passkeys.CountAsync(p => p.UserId == userId, cancellationToken),
        RecoveryCodesLeft: await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, cancellationToken));

    /// <summary>
    /// Sets TwoFactorEnabled from the factors the user has: call after enrolling or removing any
    /// factor, so that removing the last one turns the MFA challenge off. Recovery codes go with the
    /// last factor: they stand in for one, and a new factor comes with a new set.
    /// </summary>
    public async Task SyncTwoFactorAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var enabled = (await GetAsync(user.Id, cancellationToken)).HasSecondFactor;
        if (!enabled)
        {
            await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        }

        if (user.TwoFactorEnabled != enabled)
        {
            var result = await users.SetTwoFactorEnabledAsync(user, enabled);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Updating the account's two-factor setting failed.");
            }
        }
    }
}

/// <summary>A user's second factors; recovery codes are a fallback, not a factor of their own.</summary>
public sealed record MfaFactorSummary(bool Totp, bool Sms, int Passkeys, int RecoveryCodesLeft)
{
    public bool HasSecondFactor => Totp || Sms || Passkeys > 0;
}
