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
            var existing = await scopes.FindByNameAsync(name, cancellationToken);
            if (existing is null)
            {
                await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = name, Resources = { resource } }, cancellationToken);
                continue;
            }

            // The audience is the product's; a display name or description (a realm import) stays.
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, existing, cancellationToken);
            if (descriptor.Resources.SetEquals([resource]))
            {
                continue;
            }

            descriptor.Resources.Clear();
            descriptor.Resources.Add(resource);
            await scopes.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
