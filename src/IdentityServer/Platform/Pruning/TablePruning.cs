using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Aict.IdentityServer.Platform.Pruning;

/// <summary>What one pruning round deleted.</summary>
public sealed record PrunedRows(long Tokens, long Authorizations, long Sessions, long AuditEvents, long LogoutDeliveries, long AlertDeliveries);

/// <summary>
/// One pruning round: deletes tokens, authorizations, sessions (with their grants), logout and alert webhook deliveries
/// that ended or expired longer than the retention ago, and audit events past their own retention,
/// in batches so that no statement holds a large table for long.
/// </summary>
public sealed class TablePruning(
    ApplicationDbContext db,
    IOpenIddictAuthorizationManager authorizations,
    PruningLock pruningLock,
    IOptions<PruningOptions> options,
    IOptions<SsoSessionOptions> sessionOptions,
    TimeProvider clock)
{
    private readonly PruningOptions _options = options.Value;

    /// <summary>Null when another instance is pruning right now.</summary>
    public async Task<PrunedRows?> RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await pruningLock.TryAcquireAsync();
        if (held is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var cutoff = now - _options.Retention;
        return new PrunedRows(
            await PruneTokensAsync(cutoff.UtcDateTime, cancellationToken),
            await authorizations.PruneAsync(cutoff, cancellationToken),
            await PruneSessionsAsync(cutoff, cancellationToken),
            await InBatchesAsync(batch => db.AuditEvents
                .Where(e => db.AuditEvents.Where(old => old.OccurredAt < now - _options.AuditRetention)
                    .OrderBy(old => old.Id).Take(batch).Select(old => old.Id).Contains(e.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await InBatchesAsync(batch => db.BackchannelLogoutDeliveries
                .Where(d => db.BackchannelLogoutDeliveries.Where(old => old.DeliveredAt < cutoff || old.AbandonedAt < cutoff)
                    .OrderBy(old => old.Id).Take(batch).Select(old => old.Id).Contains(d.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await InBatchesAsync(batch => db.AlertDeliveries
                .Where(d => db.AlertDeliveries.Where(old => old.DeliveredAt < cutoff || old.AbandonedAt < cutoff)
                    .OrderBy(old => old.Id).Take(batch).Select(old => old.Id).Contains(d.Id))
                .ExecuteDeleteAsync(cancellationToken), cancellationToken));
    }

    /// <summary>
    /// A token row goes once it has expired and the retention has passed, whatever its status: a redeemed code or refresh
    /// token presented again within its lifetime must still be found, or its replay would go unnoticed instead of revoking
    /// what was issued from it (RFC 9700 §4.14.2, RFC 6749 §4.1.2). OpenIddict's own <c>PruneAsync</c> deletes redeemed
    /// tokens by issue date, which with a retention shorter than <c>Tokens:RefreshTokenSliding</c> would do just that; it also
    /// scans the whole table for every batch. Here each batch is a range of the expiry index, oldest first.
    /// </summary>
    private Task<long> PruneTokensAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var tokens = db.Set<OpenIddictEntityFrameworkCoreToken>();
        return InBatchesAsync(batch => tokens
            .Where(t => tokens.Where(old => old.ExpirationDate < cutoff).OrderBy(old => old.ExpirationDate).Take(batch)
                .Select(old => old.Id).Contains(t.Id))
            .ExecuteDeleteAsync(cancellationToken), cancellationToken);
    }

    private async Task<long> PruneSessionsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // A session is over when ended, past its absolute lifetime or idle too long; kept for the retention after that.
        var idleCutoff = cutoff - sessionOptions.Value.IdleTimeout;
        var over = db.Sessions.Where(s => s.EndedAt < cutoff || s.ExpiresAt < cutoff || s.LastActivityAt < idleCutoff);
        return await InBatchesAsync(async batch =>
        {
            var ids = await over.OrderBy(s => s.Id).Select(s => s.Id).Take(batch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return 0;
            }

            await db.SessionGrants.Where(g => ids.Contains(g.SessionId)).ExecuteDeleteAsync(cancellationToken);
            return await db.Sessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);
    }

    private async Task<long> InBatchesAsync(Func<int, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch(_options.BatchSize);
            total += deleted;
        }
        while (deleted == _options.BatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
