using Aict.IdentityServer.Administration.Users;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// <c>realm import --prune</c>: removes the clients, users, roles and scopes a realm file does not list. Built-in
/// API scopes and users without an e-mail address (which no realm file can name) stay.
/// </summary>
internal sealed class RealmPrune(
    ApplicationDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOpenIddictScopeManager scopes,
    IOpenIddictApplicationManager applications,
    UserLifecycle lifecycle,
    ClientRetirement retirement)
{
    /// <summary>
    /// Deletes what the file does not list, through the same paths as the console: a client's and a user's
    /// tokens and sessions end first. Every list is read whole before the deletes (PostgreSQL runs one command at a time).
    /// </summary>
    public async Task<int> DeleteUnlistedAsync(RealmDocument realm, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var clientIds = realm.Clients.Select(c => c.Metadata.ClientId!).ToHashSet(StringComparer.Ordinal);
        foreach (var application in await applications.ListAsync(count: null, offset: null, cancellationToken).ToListAsync(cancellationToken))
        {
            if (!clientIds.Contains((await applications.GetClientIdAsync(application, cancellationToken))!))
            {
                await retirement.DeleteAsync(application, cancellationToken);
                deleted++;
            }
        }

        var emails = realm.Users.Select(u => users.NormalizeEmail(u.Email)!).ToHashSet(StringComparer.Ordinal);
        foreach (var user in await db.Users.Where(u => u.NormalizedEmail != null).ToListAsync(cancellationToken))
        {
            if (!emails.Contains(user.NormalizedEmail!))
            {
                RealmImport.Ensure(await lifecycle.DeleteAsync(user, actorId: null, cancellationToken), $"user {user.Email}");
                deleted++;
            }
        }

        var roleNames = realm.Roles.Select(r => roles.NormalizeKey(r)!).ToHashSet(StringComparer.Ordinal);
        foreach (var role in await roles.Roles.ToListAsync(cancellationToken))
        {
            if (!roleNames.Contains(role.NormalizedName!))
            {
                RealmImport.Ensure(await roles.DeleteAsync(role), $"role {role.Name}");
                deleted++;
            }
        }

        var scopeNames = realm.Scopes.Select(s => s.Name!).Concat(ScopeCatalog.ApiScopes.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var scope in await scopes.ListAsync(count: null, offset: null, cancellationToken).ToListAsync(cancellationToken))
        {
            if (!scopeNames.Contains((await scopes.GetNameAsync(scope, cancellationToken))!))
            {
                await scopes.DeleteAsync(scope, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }
}
