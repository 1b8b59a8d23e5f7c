using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>Every scope the server knows, and the audience (resource) each API scope grants.</summary>
public static class ScopeCatalog
{
    public const string CommerceApi = "commerce-api";
    public const string AccountApi = "account-api";
    public const string Account = "account";

    /// <summary>SCIM provisioning (<c>/scim/v2</c>); its tokens are for the <see cref="ScimResource"/> audience only.</summary>
    public const string Scim = "scim";
    public const string ScimResource = "scim";

    public static readonly string[] UserScopes =
        [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Phone, Scopes.Address, Scopes.OfflineAccess];

    public static readonly IReadOnlyDictionary<string, string> ApiScopes = new Dictionary<string, string>
    {
        ["products:read"] = CommerceApi,
        ["products:write"] = CommerceApi,
        ["inventory:write"] = CommerceApi,
        ["orders:read"] = CommerceApi,
        ["orders:write"] = CommerceApi,
        ["reservations:read"] = CommerceApi,
        ["reservations:write"] = CommerceApi,
        [Account] = AccountApi,
        [Scim] = ScimResource,
    };

    public static IEnumerable<string> All => UserScopes.Concat(ApiScopes.Keys);
}
