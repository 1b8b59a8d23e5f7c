using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aict.SsoPortal.Account;

/// <summary>A client in IdentityServer's words: RFC 7591 metadata names, plus <c>require_mfa</c> and <c>consent_type</c>.</summary>
public sealed record ClientMetadataModel
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_name")]
    public string? ClientName { get; init; }

    [JsonPropertyName("application_type")]
    public string? ApplicationType { get; init; }

    [JsonPropertyName("redirect_uris")]
    public IReadOnlyList<string>? RedirectUris { get; init; }

    [JsonPropertyName("post_logout_redirect_uris")]
    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    [JsonPropertyName("grant_types")]
    public IReadOnlyList<string>? GrantTypes { get; init; }

    [JsonPropertyName("token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("jwks")]
    public JsonElement? Jwks { get; init; }

    [JsonPropertyName("backchannel_logout_uri")]
    public string? BackchannelLogoutUri { get; init; }

    [JsonPropertyName("initiate_login_uri")]
    public string? InitiateLoginUri { get; init; }

    [JsonPropertyName("require_mfa")]
    public bool? RequireMfa { get; init; }

    [JsonPropertyName("consent_type")]
    public string? ConsentType { get; init; }
}

/// <summary>A client as the admin API shows it: metadata, and facts the console does not edit.</summary>
/// <param name="Protected">The portal's own client: never disabled, deleted or re-keyed from the console.</param>
public sealed record AdminClientView(ClientMetadataModel Metadata, string? ClientType, bool HasSecret, bool Disabled, bool Protected);

/// <summary>A line of the client list.</summary>
public sealed record AdminClientLine(string ClientId, string? ClientName, string? ClientType, IReadOnlyList<string> GrantTypes, bool Disabled);

/// <summary>A client after a change, with the secret the change made (shown once), if any.</summary>
public sealed record AdminClientSaved(AdminClientView Client, string? ClientSecret);

/// <summary>A new client secret, shown once.</summary>
public sealed record AdminClientSecret(string ClientId, string ClientSecret);

/// <summary>A scope, the audiences it grants and the clients allowed it.</summary>
public sealed record AdminScopeView(
    string Name, string? DisplayName, string? Description, IReadOnlyList<string> Resources, bool BuiltIn, IReadOnlyList<string> Clients);

/// <summary>A scope as the console writes it.</summary>
public sealed record AdminScopeInput(string? Name, string? DisplayName, string? Description, IReadOnlyList<string> Resources);

/// <summary>An API resource (audience) and the scopes that grant it.</summary>
public sealed record AdminApiResource(string Name, IReadOnlyList<string> Scopes);
