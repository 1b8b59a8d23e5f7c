using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// The realm as stored, in a stable order (by name, client id, e-mail), so that exporting what an import wrote
/// gives the same bytes. Never client secrets (stored hashed), never factors; password hashes only when asked.
/// </summary>
internal sealed class RealmExport(ApplicationDbContext db, IOpenIddictScopeManager scopes, IOpenIddictApplicationManager applications)
{
    public async Task<(RealmDocument Realm, int UsersWithoutEmail)> ReadAsync(bool includeSecrets, CancellationToken cancellationToken)
    {
        var realmScopes = new List<RealmScope>();
        await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
        {
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, scope, cancellationToken);
            realmScopes.Add(new RealmScope
            {
                Name = descriptor.Name,
                DisplayName = descriptor.DisplayName,
                Description = descriptor.Description,
                Resources = [.. descriptor.Resources.Order(StringComparer.Ordinal)],
            });
        }

        var clients = new List<RealmClient>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application, cancellationToken);
            clients.Add(new RealmClient(CanonicalClient.Of(descriptor)));
        }

        var roles = await db.Roles.AsNoTracking().Where(r => r.Name != null).Select(r => r.Name!).ToListAsync(cancellationToken);
        var memberships = (await (from membership in db.UserRoles
                                  join role in db.Roles on membership.RoleId equals role.Id
                                  select new { membership.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(m => m.UserId, m => m.Name!);
        var people = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var users = people.Where(u => !string.IsNullOrEmpty(u.Email)).Select(user => new RealmUser
        {
            Email = user.Email,
            EmailVerified = user.EmailConfirmed,
            GivenName = user.GivenName,
            FamilyName = user.FamilyName,
            Locale = user.Locale,
            PhoneNumber = user.PhoneNumber,
            PhoneNumberVerified = user.PhoneNumberConfirmed,
            Address = user.Address is { } address ? new RealmAddress
            {
                StreetAddress = address.StreetAddress,
                Locality = address.Locality,
                Region = address.Region,
                PostalCode = address.PostalCode,
                Country = address.Country,
            } : null,
            ExternalId = user.ExternalId,
            Roles = [.. memberships[user.Id].Order(StringComparer.Ordinal)],
            Disabled = user.Disabled,
            PasswordHash = includeSecrets ? user.PasswordHash : null,
        });

        var realm = new RealmDocument
        {
            Scopes = [.. realmScopes.OrderBy(s => s.Name, StringComparer.Ordinal)],
            Roles = [.. roles.Order(StringComparer.Ordinal)],
            Clients = [.. clients.OrderBy(c => c.Metadata.ClientId, StringComparer.Ordinal)],
            Users = [.. users.OrderBy(u => u.Email, StringComparer.Ordinal)],
        };
        return (realm, people.Count(u => string.IsNullOrEmpty(u.Email)));
    }
}
