using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Aict.IdentityServer.Protocol.HotPath;

/// <summary>
/// Client secrets that already passed the full PBKDF2 check, remembered as HMAC-SHA256 digests under a
/// per-process random key, so a confidential client pays the slow hash once, not on every token request.
/// Entries are keyed by the stored secret hash too: a changed secret misses. Only successes are remembered
/// (docs/performance.md#verified-client-secrets).
/// </summary>
public sealed class VerifiedClientSecrets : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int Capacity = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool Contains(string applicationId, string storedHash, string secret) =>
        _entries.TryGetValue(new Entry(applicationId, storedHash), out byte[]? remembered)
        && CryptographicOperations.FixedTimeEquals(remembered, Digest(applicationId, secret));

    public void Remember(string applicationId, string storedHash, string secret) =>
        _entries.Set(new Entry(applicationId, storedHash), Digest(applicationId, secret),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Dispose() => _entries.Dispose();

    // The NUL separator keeps ("ab", "c") and ("a", "bc") apart; client ids never contain it.
    private byte[] Digest(string applicationId, string secret) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Concat(applicationId, "\0", secret)));

    private readonly record struct Entry(string ApplicationId, string StoredHash);
}
