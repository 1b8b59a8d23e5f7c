using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// Initial access tokens (RFC 7591 §3): created by an administrator (the token shown once, its SHA-256 kept),
/// listed, revoked, and spent by registrations. Spending is one conditional UPDATE, so a single-use token
/// registers one client however many registrations race for it.
/// </summary>
public sealed class InitialAccessTokens(ApplicationDbContext db, TimeProvider time)
{
    /// <summary>Stores a new token; answers it with the token itself, which is never shown again.</summary>
    public async Task<(InitialAccessToken Stored, string Token)> CreateAsync(
        string name, DateTimeOffset? expiresAt, bool multiUse, IEnumerable<string> scopes, IEnumerable<string> grantTypes,
        string? createdBy, CancellationToken cancellationToken, string? token = null)
    {
        token ??= BearerSecrets.New();
        var stored = new InitialAccessToken
        {
            Id = Guid.NewGuid().ToString("N"),
            TokenHash = BearerSecrets.Hash(token),
            Name = name,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
            MultiUse = multiUse,
            AllowedScopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal)),
            AllowedGrantTypes = string.Join(' ', grantTypes.Distinct(StringComparer.Ordinal)),
        };
        db.InitialAccessTokens.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return (stored, token);
    }

    public async Task<List<InitialAccessToken>> ListAsync(CancellationToken cancellationToken) =>
        (await db.InitialAccessTokens.AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();

    /// <summary>Revokes the token; false when there is no such token. Clients it registered stay.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await db.InitialAccessTokens.AnyAsync(t => t.Id == id, cancellationToken) is false)
        {
            return false;
        }

        await db.InitialAccessTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return true;
    }

    /// <summary>Whether the token was ever stored, usable or not.</summary>
    public Task<bool> ExistsAsync(string token, CancellationToken cancellationToken)
    {
        var hash = BearerSecrets.Hash(token);
        return db.InitialAccessTokens.AnyAsync(t => t.TokenHash == hash, cancellationToken);
    }

    /// <summary>The token that <paramref name="presented"/> is, if it may still register a client; writes nothing.</summary>
    public async Task<InitialAccessToken?> FindUsableAsync(string presented, CancellationToken cancellationToken)
    {
        // The lookup key is a hash of 256 random bits: its timing tells nothing about any stored token.
        var hash = BearerSecrets.Hash(presented);
        var found = await db.InitialAccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        return found is not null && BearerSecrets.Matches(presented, found.TokenHash) && IsUsable(found, time.GetUtcNow()) ? found : null;
    }

    /// <summary>
    /// Counts one registration against the token, if it is still usable at this moment: false when it was revoked, expired
    /// or (single-use) spent in the meantime. Run it inside the registration's transaction.
    /// </summary>
    public async Task<bool> TrySpendAsync(InitialAccessToken token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.InitialAccessTokens
            .Where(t => t.Id == token.Id && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now) && (t.MultiUse || t.UseCount == 0))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UseCount, t => t.UseCount + 1), cancellationToken) == 1;
    }

    public static bool IsUsable(InitialAccessToken token, DateTimeOffset now) =>
        token.RevokedAt is null && (token.ExpiresAt is null || token.ExpiresAt > now) && (token.MultiUse || token.UseCount == 0);

    public static IReadOnlySet<string> Words(string spaceSeparated) =>
        spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
