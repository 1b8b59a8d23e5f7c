using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>Deletes every second factor of a user at once (an administrator's MFA reset).</summary>
public sealed class MfaFactorRemoval(ApplicationDbContext db, MfaFactors factors)
{
    public async Task RemoveAllAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.TotpAuthenticators.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.PhoneFactors.Where(p => p.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.Passkeys.Where(p => p.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
    }
}
