namespace Aict.ServiceDefaults.Revocation;

/// <summary>The access-token claims the revocation list is matched on (JWT names, OpenIddict's private ones for entries).</summary>
public static class TokenClaims
{
    public const string JwtId = "jti";
    public const string Subject = "sub";
    public const string SessionId = "sid";

    /// <summary>The token family (OpenIddict authorization) the token belongs to.</summary>
    public const string AuthorizationId = "oi_au_id";

    /// <summary>The token's row, for tokens that have one.</summary>
    public const string TokenEntryId = "oi_tkn_id";
}
