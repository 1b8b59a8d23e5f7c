using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>OpenIddict's scope manager answering the grant path's scope → resources lookup from <see cref="ScopeResources"/>.</summary>
public class ResourceCachingScopeManager<TScope>(
    IOpenIddictScopeCache<TScope> cache,
    ILogger<OpenIddictScopeManager<TScope>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictScopeStore<TScope> store,
    ScopeResources remembered)
    : OpenIddictScopeManager<TScope>(cache, logger, options, store)
    where TScope : class
{
    public override async IAsyncEnumerable<string> ListResourcesAsync(
        ImmutableArray<string> scopes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!remembered.TryGet(scopes, out var resources))
        {
            resources = [.. await LoadResourcesAsync(scopes, cancellationToken)];
            remembered.Remember(scopes, resources);
        }

        foreach (var resource in resources)
        {
            yield return resource;
        }
    }

    public override async ValueTask CreateAsync(TScope scope, CancellationToken cancellationToken = default)
    {
        await base.CreateAsync(scope, cancellationToken);
        remembered.Forget();
    }

    public override async ValueTask UpdateAsync(TScope scope, CancellationToken cancellationToken = default)
    {
        await base.UpdateAsync(scope, cancellationToken);
        remembered.Forget();
    }

    public override async ValueTask DeleteAsync(TScope scope, CancellationToken cancellationToken = default)
    {
        await base.DeleteAsync(scope, cancellationToken);
        remembered.Forget();
    }

    private async Task<List<string>> LoadResourcesAsync(ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        var resources = new List<string>();
        await foreach (var resource in base.ListResourcesAsync(scopes, cancellationToken))
        {
            resources.Add(resource);
        }

        return resources;
    }
}
