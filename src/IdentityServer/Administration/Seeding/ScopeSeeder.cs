using Aict.IdentityServer.Protocol.Clients;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>Stores the API scopes with their audiences; part of the product in every environment.</summary>
internal sealed class ScopeSeeder(IOpenIddictScopeManager scopes)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, resource) in ScopeCatalog.ApiScopes)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name, Resources = { resource } };
            var existing = await scopes.FindByNameAsync(name, cancellationToken);
            if (existing is null)
            {
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                // The audience is the product's; a display name or description an administrator gave stays.
                var current = new OpenIddictScopeDescriptor();
                await scopes.PopulateAsync(current, existing, cancellationToken);
                if (!current.Resources.SetEquals(descriptor.Resources))
                {
                    current.Resources.Clear();
                    current.Resources.UnionWith(descriptor.Resources);
                    await scopes.UpdateAsync(existing, current, cancellationToken);
                }
            }
        }
    }
}
