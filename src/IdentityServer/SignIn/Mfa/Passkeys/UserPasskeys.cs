using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>A user's own passkeys: list, rename and remove; another user's passkey is never found.</summary>
public sealed class UserPasskeys(ApplicationDbContext db, MfaFactors factors, AuditTrail audit)
{
    public const int MaxNameLength = 100;

    public Task<List<Passkey>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Passkeys.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);

    public Task<Passkey?> FindAsync(string userId, Guid id, CancellationToken cancellationToken = default) =>
        db.Passkeys.SingleOrDefaultAsync(p => p.UserId == userId && p.Id == id, cancellationToken);

    public async Task<Passkey?> RenameAsync(string userId, Guid id, string name, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(userId, id, cancellationToken) is not { } passkey)
        {
            return null;
        }

        passkey.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        return passkey;
    }

    /// <summary>Removes the passkey; two-factor sign-in ends with the last factor.</summary>
    public async Task<bool> RemoveAsync(ApplicationUser user, Guid id, CancellationToken cancellationToken = default)
    {
        if (await db.Passkeys.Where(p => p.UserId == user.Id && p.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PasskeyRemoved, user.Id, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>A name as stored: trimmed, one line; null when empty or too long.</summary>
    public static string? CleanName(string? name) =>
        name?.Trim() is { Length: > 0 and <= MaxNameLength } trimmed && !trimmed.Any(char.IsControl) ? trimmed : null;
}
