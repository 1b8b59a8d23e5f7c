using System.Security.Cryptography;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;

/// <summary>
/// A user's one-time recovery codes: shown once when generated, stored only as salted slow hashes
/// (<see cref="RecoveryCodeHash"/>), each redeemable once.
/// </summary>
public sealed class RecoveryCodeSet(ApplicationDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int CodesPerSet = 10;

    // No 0/o, 1/l/i: codes are read off paper and typed back.
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
    private const int CodeLength = 10;

    /// <summary>Replaces the user's codes with a new set, returned formatted <c>xxxxx-xxxxx</c>; they cannot be shown again.</summary>
    public async Task<IReadOnlyList<string>> GenerateAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var codes = new HashSet<string>();
        while (codes.Count < CodesPerSet)
        {
            codes.Add(RandomNumberGenerator.GetString(Alphabet, CodeLength));
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode { UserId = user.Id, CodeHash = RecoveryCodeHash.Compute(code), CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(AuditEventTypes.RecoveryCodesGenerated, user.Id, cancellationToken: cancellationToken);
        return codes.Select(code => $"{code[..5]}-{code[5..]}").ToList();
    }

    /// <summary>Uses up one code; false when it is unknown or already used. Case, dashes and spaces do not matter.</summary>
    public async Task<bool> RedeemAsync(ApplicationUser user, string code, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(code);
        if (normalized.Length != CodeLength)
        {
            return false;
        }

        var legacyHash = RecoveryCodeHash.Legacy(normalized);
        var unused = await db.RecoveryCodes.AsNoTracking()
            .Where(c => c.UserId == user.Id && c.UsedAt == null)
            .Select(c => new { c.Id, c.CodeHash })
            .ToListAsync(cancellationToken);
        long? match = null;
        foreach (var candidate in unused)
        {
            // Every candidate is checked, in constant time, so timing says nothing about the codes.
            if (RecoveryCodeHash.Matches(candidate.CodeHash, normalized, legacyHash))
            {
                match = candidate.Id;
            }
        }

        // Conditional on UsedAt: of two concurrent uses of one code, only one succeeds.
        if (match is null || await db.RecoveryCodes
                .Where(c => c.Id == match && c.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, time.GetUtcNow()), cancellationToken) == 0)
        {
            return false;
        }

        await audit.RecordAsync(AuditEventTypes.RecoveryCodeUsed, user.Id, cancellationToken: cancellationToken);
        return true;
    }

    public Task<int> CountRemainingAsync(ApplicationUser user, CancellationToken cancellationToken = default) =>
        db.RecoveryCodes.CountAsync(c => c.UserId == user.Id && c.UsedAt == null, cancellationToken);

    internal static string Normalize(string code) =>
        string.Concat(code.Where(c => c != '-' && !char.IsWhiteSpace(c))).ToLowerInvariant();
}
