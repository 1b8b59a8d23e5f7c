using System.Collections.Immutable;
using Aict.ServiceDefaults.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// The resources (audiences) behind each set of scopes, remembered for a minute: every grant needs them
/// and the scopes are seeded and rarely change. This instance forgets everything when a scope is written
/// through <see cref="ResourceCachingScopeManager{TScope}"/>, and tells every other instance to through
/// <see cref="CacheInvalidation"/>; a lost message costs them at most the minute (docs/performance.md#scope-resources-cache).
/// </summary>
public sealed class ScopeResources : IDisposable
{
    /// <summary>The name under which other instances hear of a changed scope.</summary>
    public const string CacheName = "scope-resources";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int Capacity = 1_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly CacheInvalidation _invalidation;

    public ScopeResources(CacheInvalidation invalidation)
    {
        _invalidation = invalidation;
        invalidation.Subscribe(CacheName, _ => _entries.Clear());
    }

    public bool TryGet(ImmutableArray<string> scopes, out ImmutableArray<string> resources) =>
        _entries.TryGetValue(KeyOf(scopes), out resources);

    public void Remember(ImmutableArray<string> scopes, ImmutableArray<string> resources) =>
        _entries.Set(KeyOf(scopes), resources, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    /// <summary>Forgets every set here and tells every other instance to.</summary>
    public void Forget()
    {
        _entries.Clear();
        _invalidation.Publish(CacheName, key: null);
    }

    public void Dispose() => _entries.Dispose();

    // Scope names contain no spaces (RFC 6749 §3.3), so the sorted, space-joined list names the set.
    private static string KeyOf(ImmutableArray<string> scopes) =>
        string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
