using Aict.IdentityServer.Platform.Data;
using Aict.ServiceDefaults.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>
/// Keeps the token keys in the identity database: creates the first ones, schedules the next
/// signing key when the current one is old, retires superseded keys, and loads the key ring. Whenever it changes the
/// stored keys, every running instance hears of it and reloads its ring (<see cref="KeyRingReload"/>).
/// </summary>
public sealed partial class KeyStore(
    ApplicationDbContext db,
    IDataProtectionProvider dataProtection,
    IOptions<SigningOptions> options,
    KeyRing ring,
    CacheInvalidation invalidation,
    TimeProvider time,
    ILogger<KeyStore> logger)
{
    // Whether this store added or retired a key: the other instances' rings are then out of date.
    private bool _changed;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Aict.IdentityServer.StoredKeys.v1");

    /// <summary>Makes sure every algorithm in use has a key, applies the rotation schedule, then loads the ring.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        var keys = await LoadLiveKeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var algorithm in options.Value.InUse)
        {
            var signing = keys.Where(k => k.Algorithm == algorithm).ToList();
            if (signing.Count == 0)
            {
                await AddKeyAsync(algorithm, activatesAt: now, cancellationToken);
            }
            else if (options.Value.RotateAfter > TimeSpan.Zero
                && signing.All(k => k.ActivatesAt <= now)
                && signing.Max(k => k.ActivatesAt) + options.Value.RotateAfter <= now)
            {
                await AddKeyAsync(algorithm, now + options.Value.PublishLead, cancellationToken);
            }
        }

        if (!keys.Any(k => k.IsEncryptionKey))
        {
            await AddKeyAsync(KeyAlgorithms.Encryption, activatesAt: now, cancellationToken);
        }

        await RetireSupersededAsync(now, cancellationToken);
        await LoadRingAsync(cancellationToken);
        await TellOtherInstancesAsync();
    }

    /// <summary>Loads the key ring again from the stored keys: another instance or an operator command changed them.</summary>
    public Task ReloadAsync(CancellationToken cancellationToken = default) => LoadRingAsync(cancellationToken);

    /// <summary>Adds the next key of every algorithm in use, published now and signing after <see cref="SigningOptions.PublishLead"/>.</summary>
    public async Task<IReadOnlyList<StoredKey>> ScheduleNextSigningKeysAsync(CancellationToken cancellationToken = default)
    {
        var added = new List<StoredKey>();
        foreach (var algorithm in options.Value.InUse)
        {
            added.Add(await AddKeyAsync(algorithm, time.GetUtcNow() + options.Value.PublishLead, cancellationToken));
        }

        await LoadRingAsync(cancellationToken);
        await TellOtherInstancesAsync();
        return added;
    }

    /// <summary>Keys still published: not retired, or retiring later (a key of an algorithm no longer in use).</summary>
    public async Task<IReadOnlyList<StoredKey>> LoadLiveKeysAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        // A handful of rows; the retirement instant is compared here rather than in SQL (stored as ticks).
        var keys = await db.StoredKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        return keys.Where(k => k.IsLiveAt(now)).ToList();
    }

    private async Task<StoredKey> AddKeyAsync(string algorithm, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var prefix = algorithm == KeyAlgorithms.Encryption ? "enc" : algorithm.ToLowerInvariant();
        // Sequential ids per algorithm make two instances that start together on an empty database
        // collide on the primary key instead of each creating a key the other never loads.
        var generation = await db.StoredKeys.CountAsync(k => k.Id.StartsWith(prefix + "-"), cancellationToken) + 1;
        var key = new StoredKey
        {
            Id = $"{prefix}-{generation}",
            Algorithm = algorithm,
            ProtectedMaterial = Convert.ToBase64String(_protector.Protect(KeyMaterial.Create(algorithm))),
            CreatedAt = time.GetUtcNow(),
            ActivatesAt = activatesAt,
        };

        db.StoredKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _changed = true;
            LogKeyCreated(logger, key.Id, algorithm, activatesAt);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            LogKeyRace(logger, key.Id);
        }

        return key;
    }

    /// <summary>
    /// Retires a key <see cref="SigningOptions.RetainAfterSuperseded"/> after a newer key of its algorithm
    /// activated; a key of an algorithm no longer in use is given the same time from now, still published.
    /// </summary>
    private async Task RetireSupersededAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signing = (await db.StoredKeys.Where(k => k.Algorithm != KeyAlgorithms.Encryption).ToListAsync(cancellationToken))
            .Where(k => k.IsLiveAt(now))
            .ToList();
        foreach (var group in signing.GroupBy(k => k.Algorithm))
        {
            if (!options.Value.InUse.Contains(group.Key))
            {
                foreach (var key in group.Where(k => k.RetiresAt is null))
                {
                    key.RetiresAt = now + options.Value.RetainAfterSuperseded;
                    _changed = true;
                    LogKeyRetiring(logger, key.Id, key.RetiresAt.Value);
                }

                continue;
            }

            foreach (var key in group.Where(k => k.RetiresAt > now))
            {
                // The algorithm is in use again: its keys stay.
                key.RetiresAt = null;
                _changed = true;
            }

            var activated = group.Where(k => k.ActivatesAt <= now).OrderBy(k => k.ActivatesAt).ToList();
            for (var i = 0; i < activated.Count - 1; i++)
            {
                if (activated[i + 1].ActivatesAt + options.Value.RetainAfterSuperseded <= now)
                {
                    activated[i].RetiresAt = now;
                    _changed = true;
                    LogKeyRetired(logger, activated[i].Id);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task LoadRingAsync(CancellationToken cancellationToken)
    {
        var keys = await LoadLiveKeysAsync(cancellationToken);
        var signing = keys.Where(k => !k.IsEncryptionKey)
            .Select(k => (KeyMaterial.ToSigningCredentials(k.Id, k.Algorithm, Unprotect(k)), k.ActivatesAt))
            .ToList();
        var encryption = keys.Where(k => k.IsEncryptionKey).OrderBy(k => k.ActivatesAt).Last();
        ring.Load(signing, KeyMaterial.ToEncryptingCredentials(encryption.Id, Unprotect(encryption)));
    }

    // Awaited: the `keys rotate` command exits right after, and its message must have reached Redis by then.
    private async Task TellOtherInstancesAsync()
    {
        if (_changed)
        {
            _changed = false;
            await invalidation.PublishAsync(CacheInvalidation.SigningKeys, key: null);
        }
    }

    private byte[] Unprotect(StoredKey key) => _protector.Unprotect(Convert.FromBase64String(key.ProtectedMaterial));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Created token key {KeyId} ({Algorithm}), active from {ActivatesAt:O}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, string algorithm, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Token key {KeyId} was created concurrently by another instance; using the stored one")]
    private static partial void LogKeyRace(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Retired superseded signing key {KeyId}")]
    private static partial void LogKeyRetired(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Signing key {KeyId}'s algorithm is no longer in use: it stays published until {RetiresAt:O}")]
    private static partial void LogKeyRetiring(ILogger logger, string keyId, DateTimeOffset retiresAt);
}
