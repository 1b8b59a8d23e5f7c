using Aict.IdentityServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Signing;

/// <summary>
/// Keeps the token keys in the identity database: creates the first ones, schedules the next
/// signing key when the current one is old, retires superseded keys, and loads the key ring.
/// </summary>
public sealed partial class KeyStore(
    ApplicationDbContext db,
    IDataProtectionProvider dataProtection,
    IOptions<SigningOptions> options,
    KeyRing ring,
    TimeProvider time,
    ILogger<KeyStore> logger)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Aict.IdentityServer.StoredKeys.v1");

    /// <summary>Makes sure usable keys exist, applies the rotation schedule, then loads the ring.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        var keys = await LoadLiveKeysAsync(cancellationToken);
        var now = time.GetUtcNow();
        var signing = keys.Where(k => !k.IsEncryptionKey).ToList();

        if (signing.Count == 0)
        {
            await AddKeyAsync(options.Value.Algorithm, activatesAt: now, cancellationToken);
        }
        else if (options.Value.RotateAfter > TimeSpan.Zero
            && signing.All(k => k.ActivatesAt <= now)
            && signing.Max(k => k.ActivatesAt) + options.Value.RotateAfter <= now)
        {
            await AddKeyAsync(options.Value.Algorithm, now + options.Value.PublishLead, cancellationToken);
        }

        if (!keys.Any(k => k.IsEncryptionKey))
        {
            await AddKeyAsync(KeyAlgorithms.Encryption, activatesAt: now, cancellationToken);
        }

        await RetireSupersededAsync(now, cancellationToken);
        await LoadRingAsync(cancellationToken);
    }

    /// <summary>Adds the next signing key, published now and signing after <see cref="SigningOptions.PublishLead"/>.</summary>
    public async Task<StoredKey> ScheduleNextSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = await AddKeyAsync(options.Value.Algorithm, time.GetUtcNow() + options.Value.PublishLead, cancellationToken);
        await LoadRingAsync(cancellationToken);
        return key;
    }

    public async Task<IReadOnlyList<StoredKey>> LoadLiveKeysAsync(CancellationToken cancellationToken = default) =>
        await db.StoredKeys.AsNoTracking().Where(k => k.RetiresAt == null).OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);

    private async Task<StoredKey> AddKeyAsync(string algorithm, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        var prefix = algorithm == KeyAlgorithms.Encryption ? "enc" : "sig";
        // Sequential ids make two instances that start together on an empty database collide
        // on the primary key instead of each creating a key the other never loads.
        var generation = await db.StoredKeys.CountAsync(k => k.Id.StartsWith(prefix), cancellationToken) + 1;
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
            LogKeyCreated(logger, key.Id, algorithm, activatesAt);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            LogKeyRace(logger, key.Id);
        }

        return key;
    }

    private async Task RetireSupersededAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signing = await db.StoredKeys
            .Where(k => k.RetiresAt == null && k.Algorithm != KeyAlgorithms.Encryption)
            .ToListAsync(cancellationToken);
        var activated = signing.Where(k => k.ActivatesAt <= now).OrderBy(k => k.ActivatesAt).ToList();
        for (var i = 0; i < activated.Count - 1; i++)
        {
            var supersededAt = activated[i + 1].ActivatesAt;
            if (supersededAt + options.Value.RetainAfterSuperseded <= now)
            {
                activated[i].RetiresAt = now;
                LogKeyRetired(logger, activated[i].Id);
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

    private byte[] Unprotect(StoredKey key) => _protector.Unprotect(Convert.FromBase64String(key.ProtectedMaterial));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Created token key {KeyId} ({Algorithm}), active from {ActivatesAt:O}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, string algorithm, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Token key {KeyId} was created concurrently by another instance; using the stored one")]
    private static partial void LogKeyRace(ILogger logger, string keyId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Retired superseded signing key {KeyId}")]
    private static partial void LogKeyRetired(ILogger logger, string keyId);
}
