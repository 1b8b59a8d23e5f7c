namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// An administrator's permission to register clients (RFC 7591 §3): presented as a bearer token at the
/// registration endpoint. Only its SHA-256 hash is stored; what it allows bounds what a client registered
/// with it may ever ask for, at registration and through RFC 7592 updates.
/// </summary>
public sealed class InitialAccessToken
{
    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the token; the token itself is shown once, when created.</summary>
    public required string TokenHash { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The administrator who created it; null for the demo realm's token.</summary>
    public string? CreatedBy { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>False: the token registers one client and is spent.</summary>
    public bool MultiUse { get; init; }

    public int UseCount { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Space-separated scopes a client registered with this token may be given.</summary>
    public required string AllowedScopes { get; init; }

    /// <summary>Space-separated grant types a client registered with this token may be given.</summary>
    public required string AllowedGrantTypes { get; init; }
}
