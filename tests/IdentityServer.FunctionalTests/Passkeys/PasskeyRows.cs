using System.Security.Cryptography;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>
/// Passkey rows as a registration stores them, for tests about listing, removing and refusing: a real
/// credential needs an authenticator, which only the browser tests have (Chromium's virtual one).
/// </summary>
internal static class PasskeyRows
{
    public static async Task<Passkey> AddAsync(IdentityServerFactory factory, string userId, string name = "Laptop")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var handle = await db.Passkeys.Where(p => p.UserId == userId).Select(p => p.UserHandle).FirstOrDefaultAsync()
            ?? RandomNumberGenerator.GetBytes(32);
        var passkey = new Passkey
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CredentialId = RandomNumberGenerator.GetBytes(32),
            PublicKey = RandomNumberGenerator.GetBytes(32),
            UserHandle = handle,
            Transports = "internal,hybrid",
            Name = name,
            CreatedAt = factory.Clock.GetUtcNow(),
        };
        db.Passkeys.Add(passkey);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<MfaFactors>().SyncTwoFactorAsync((await db.Users.FindAsync(userId))!);
        return passkey;
    }

    public static async Task<List<Passkey>> OfAsync(IdentityServerFactory factory, string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Passkeys.AsNoTracking()
            .Where(p => p.UserId == userId).ToListAsync();
    }
}
