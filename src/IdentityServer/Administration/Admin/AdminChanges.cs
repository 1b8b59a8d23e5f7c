using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.HotPath;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// One console change to clients or scopes: its writes and its audit record commit together, or none of them
/// does. After the commit the remembered client and scope resources are forgotten once more: a token request
/// that read the row between the write and the commit would otherwise remember what the change replaced.
/// </summary>
internal sealed class AdminChanges(ApplicationDbContext db, ApplicationSnapshots snapshots, ScopeResources scopeResources)
{
    public async Task<Change> BeginAsync(CancellationToken cancellationToken) =>
        new(await db.Database.BeginTransactionAsync(cancellationToken), snapshots, scopeResources);

    /// <summary>A change under way; disposing it without <see cref="CommitAsync"/> rolls it back.</summary>
    public sealed class Change(IDbContextTransaction transaction, ApplicationSnapshots snapshots, ScopeResources scopeResources) : IAsyncDisposable
    {
        /// <param name="clientId">The client the change wrote, or null for a scope.</param>
        public async Task CommitAsync(string? clientId, CancellationToken cancellationToken)
        {
            await transaction.CommitAsync(cancellationToken);
            if (clientId is null)
            {
                scopeResources.Forget();
            }
            else
            {
                snapshots.Forget(clientId);
            }
        }

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
