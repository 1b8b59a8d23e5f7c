using Aict.IdentityServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Mfa;

/// <summary>Reads the phone number a user verified for SMS codes.</summary>
public sealed class PhoneFactors(ApplicationDbContext db)
{
    public async Task<string?> VerifiedNumberAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.PhoneFactors.AsNoTracking()
            .Where(p => p.UserId == userId && p.VerifiedAt != null)
            .Select(p => p.PhoneNumber)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>A number with all but its last four digits hidden: <c>•••• 5678</c>.</summary>
    public static string? Mask(string? phoneNumber) =>
        phoneNumber is { Length: > 4 } ? $"•••• {phoneNumber[^4..]}" : null;
}
