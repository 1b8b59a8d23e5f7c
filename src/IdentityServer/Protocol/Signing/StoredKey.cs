namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>
/// A token signing or encryption key kept in the database so that it survives restarts and is
/// shared by every instance. The private material is protected with Data Protection.
/// </summary>
public sealed class StoredKey
{
    public required string Id { get; init; }

    /// <summary><c>RS256</c>, <c>ES256</c> for signing keys, <c>A256KW</c> for the token encryption key.</summary>
    public required string Algorithm { get; init; }

    public required string ProtectedMaterial { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key starts signing; before that it is only published in the JWKS.</summary>
    public DateTimeOffset ActivatesAt { get; init; }

    /// <summary>When the key stops being published; null while it is current or next, later than now while its algorithm is no longer in use.</summary>
    public DateTimeOffset? RetiresAt { get; set; }

    public bool IsEncryptionKey => Algorithm == KeyAlgorithms.Encryption;

    /// <summary>Published (and accepted) at <paramref name="now"/>: not retired, or retiring later.</summary>
    public bool IsLiveAt(DateTimeOffset now) => RetiresAt is null || RetiresAt > now;
}

public static class KeyAlgorithms
{
    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";
    public const string Encryption = "A256KW";
}
