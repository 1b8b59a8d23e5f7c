using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>
/// The keys this instance publishes and signs with, loaded from the database at start-up.
/// The active key of each algorithm is chosen at signing time, so a published next key takes over
/// at its activation instant without a restart.
/// </summary>
public sealed class KeyRing(TimeProvider time)
{
    private volatile Snapshot? _snapshot;

    public bool IsLoaded => _snapshot is not null;

    /// <summary>Raised when keys are loaded again into a ring that was already in use.</summary>
    public event Action? Reloaded;

    /// <summary>Every signing key to publish and accept, newest activation first.</summary>
    public IReadOnlyList<SigningCredentials> SigningCredentials => Current.Signing.Select(k => k.Credentials).ToArray();

    public EncryptingCredentials EncryptionCredentials => Current.Encryption;

    /// <summary>The newest key of <paramref name="algorithm"/> whose activation instant has passed.</summary>
    public SigningCredentials ActiveSigningCredentials(string algorithm)
    {
        var now = time.GetUtcNow();
        ActivatedKey? oldestPending = null;
        foreach (var key in Current.Signing)
        {
            if (key.Credentials.Algorithm != algorithm)
            {
                continue;
            }

            if (key.ActivatesAt <= now)
            {
                return key.Credentials;
            }

            oldestPending = key;
        }

        // Only pending keys exist: the oldest is the one every instance has published longest.
        return oldestPending?.Credentials ?? throw new InvalidOperationException(
            $"No {algorithm} signing key is loaded: start-up creates one for every algorithm in Signing:IdTokenAlgorithm and Signing:AccessTokenAlgorithm.");
    }

    internal void Load(IReadOnlyList<(SigningCredentials Credentials, DateTimeOffset ActivatesAt)> signing, EncryptingCredentials encryption)
    {
        if (signing.Count == 0)
        {
            throw new InvalidOperationException("The key ring needs at least one signing key.");
        }

        var previous = Interlocked.Exchange(ref _snapshot, new Snapshot(
            signing.OrderByDescending(k => k.ActivatesAt).Select(k => new ActivatedKey(k.Credentials, k.ActivatesAt)).ToArray(),
            encryption));
        if (previous is not null)
        {
            Reloaded?.Invoke();
        }
    }

    private Snapshot Current => _snapshot ?? throw new InvalidOperationException(
        "Token keys are not loaded: the identity database must be prepared (PrepareIdentityDatabaseAsync) before serving requests.");

    private sealed record ActivatedKey(SigningCredentials Credentials, DateTimeOffset ActivatesAt);

    private sealed record Snapshot(ActivatedKey[] Signing, EncryptingCredentials Encryption);
}
