using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Aict.ServiceDefaults.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// Applications by client id, remembered across requests for a short time: without it every grant reads the
/// application row. Each caller gets its own copy of the scalar columns (never an instance another request
/// holds or an EF context tracks); navigation collections stay empty. Writes through the manager forget the
/// entry here and, through <see cref="CacheInvalidation"/>, on every other instance; <see cref="Lifetime"/> bounds what a lost
/// message costs (docs/performance.md#application-snapshots).
/// </summary>
public sealed class ApplicationSnapshots : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The name under which other instances hear of a changed client.</summary>
    public const string CacheName = "applications";

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    // The copies handed out, so that a write can swap one for the instance its EF context tracks.
    private readonly ConditionalWeakTable<object, object?> _handedOut = new();
    private readonly CacheInvalidation _invalidation;

    public ApplicationSnapshots(CacheInvalidation invalidation)
    {
        _invalidation = invalidation;
        invalidation.Subscribe(CacheName, ForgetHere);
    }

    public T? Find<T>(string clientId) where T : class
    {
        if (!_entries.TryGetValue(clientId, out T? kept) || kept is null)
        {
            return null;
        }

        var copy = Copies<T>.Of(kept);
        _handedOut.AddOrUpdate(copy, null);
        return copy;
    }

    /// <summary>Whether <paramref name="application"/> is a copy from <see cref="Find{T}"/> (no EF context tracks it).</summary>
    public bool IsCopy(object application) => _handedOut.TryGetValue(application, out _);

    /// <summary>Writes the columns of <paramref name="source"/> (a copy the caller changed) onto <paramref name="target"/>.</summary>
    public static void CopyColumns<T>(T source, T target) where T : class => Copies<T>.Into(source, target);

    public void Remember<T>(string clientId, T application) where T : class =>
        _entries.Set(clientId, Copies<T>.Of(application), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    /// <summary>Forgets the client here and tells every other instance to.</summary>
    public void Forget(string? clientId)
    {
        if (clientId is not null)
        {
            _entries.Remove(clientId);
            _invalidation.Publish(CacheName, clientId);
        }
    }

    private void ForgetHere(string? clientId)
    {
        if (clientId is null)
        {
            _entries.Clear();
        }
        else
        {
            _entries.Remove(clientId);
        }
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>A new instance with the readable and writable properties copied: the entity's columns, not its navigations.</summary>
    private static class Copies<T> where T : class
    {
        private static readonly PropertyInfo[] Columns = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0
                && (p.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(p.PropertyType)))
            .ToArray();

        public static T Of(T source)
        {
            var copy = Activator.CreateInstance<T>();
            Into(source, copy);
            return copy;
        }

        public static void Into(T source, T target)
        {
            foreach (var column in Columns)
            {
                column.SetValue(target, column.GetValue(source));
            }
        }
    }
}
