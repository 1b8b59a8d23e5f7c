using Aict.IdentityServer.Platform.Data;
using Aict.ServiceDefaults.Revocation;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// Keeps a revocation that Redis did not take in the identity database, for the <see cref="RevocationOutboxRelay"/>
/// to retry. Used only when the Redis write failed, so the normal path costs nothing more.
/// </summary>
public sealed class RevocationOutbox(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task StoreAsync(PendingRevocation revocation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.PendingRevocations.Add(revocation);
        // Not the request's token: a caller that goes away must not take the revocation with it.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The entry as the outbox would keep it, due at once.</summary>
    public PendingRevocation Entry(RevocationKind kind, string target, DateTimeOffset until, DateTimeOffset? notBefore = null)
    {
        var now = clock.GetUtcNow();
        return new PendingRevocation { Kind = kind, Target = target, Until = until, NotBefore = notBefore, CreatedAt = now, NextAttemptAt = now };
    }
}
