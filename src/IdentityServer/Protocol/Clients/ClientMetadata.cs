using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// A client in the metadata names of RFC 7591 §2, OpenID Connect Registration (<c>initiate_login_uri</c>) and
/// Back-Channel Logout §2.2, plus two of ours (<c>require_mfa</c>, <c>consent_type</c>): the one shape dynamic
/// registration, the admin console and realm files read and write. <see cref="ClientMetadataRules"/> checks it;
/// <see cref="ClientDescriptors"/> turns it into an OpenIddict application and back.
/// </summary>
public sealed record ClientMetadata
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_name")]
    public string? ClientName { get; init; }

    /// <summary><c>web</c> (the default) or <c>native</c> (OpenID Connect Registration §2).</summary>
    [JsonPropertyName("application_type")]
    public string? ApplicationType { get; init; }

    [JsonPropertyName("redirect_uris")]
    public IReadOnlyList<string>? RedirectUris { get; init; }

    [JsonPropertyName("post_logout_redirect_uris")]
    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    /// <summary>Defaults to <c>authorization_code</c> (RFC 7591 §2).</summary>
    [JsonPropertyName("grant_types")]
    public IReadOnlyList<string>? GrantTypes { get; init; }

    /// <summary>Defaults to <c>code</c> when the client uses the code flow.</summary>
    [JsonPropertyName("response_types")]
    public IReadOnlyList<string>? ResponseTypes { get; init; }

    /// <summary>Defaults to <c>client_secret_basic</c> (RFC 7591 §2); <c>none</c> makes a public client.</summary>
    [JsonPropertyName("token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; init; }

    /// <summary>Space-separated scopes the client may ask for.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    /// <summary>The client's public keys (a JWK Set document) for <c>private_key_jwt</c>.</summary>
    [JsonPropertyName("jwks")]
    public JsonElement? Jwks { get; init; }

    /// <summary>Not supported (keys are registered by value); present only so that a request naming it can be refused.</summary>
    [JsonPropertyName("jwks_uri")]
    public string? JwksUri { get; init; }

    [JsonPropertyName("backchannel_logout_uri")]
    public string? BackchannelLogoutUri { get; init; }

    [JsonPropertyName("backchannel_logout_session_required")]
    public bool? BackchannelLogoutSessionRequired { get; init; }

    [JsonPropertyName("initiate_login_uri")]
    public string? InitiateLoginUri { get; init; }

    /// <summary>Ours: every sign-in to this client needs a second factor.</summary>
    [JsonPropertyName("require_mfa")]
    public bool? RequireMfa { get; init; }

    /// <summary>Ours: <c>explicit</c> (the default: the user consents) or <c>implicit</c> (first-party, no consent screen).</summary>
    [JsonPropertyName("consent_type")]
    public string? ConsentType { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> EffectiveGrantTypes => GrantTypes is { Count: > 0 } ? GrantTypes : [GrantTypeNames.AuthorizationCode];

    [JsonIgnore]
    public string EffectiveAuthMethod => string.IsNullOrEmpty(TokenEndpointAuthMethod) ? AuthMethods.ClientSecretBasic : TokenEndpointAuthMethod;

    [JsonIgnore]
    public string EffectiveApplicationType => string.IsNullOrEmpty(ApplicationType) ? ApplicationTypes.Web : ApplicationType;

    [JsonIgnore]
    public bool IsPublic => EffectiveAuthMethod == AuthMethods.None;

    /// <summary>Whether the server makes up a secret for this client (it authenticates with one).</summary>
    [JsonIgnore]
    public bool NeedsSecret => EffectiveAuthMethod is AuthMethods.ClientSecretBasic or AuthMethods.ClientSecretPost;

    [JsonIgnore]
    public IEnumerable<string> Scopes => (Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal);

    public static class GrantTypeNames
    {
        public const string AuthorizationCode = "authorization_code";
        public const string RefreshToken = "refresh_token";
        public const string ClientCredentials = "client_credentials";

        public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal) { AuthorizationCode, RefreshToken, ClientCredentials };
    }

    public static class AuthMethods
    {
        public const string ClientSecretBasic = "client_secret_basic";
        public const string ClientSecretPost = "client_secret_post";
        public const string PrivateKeyJwt = "private_key_jwt";
        public const string None = "none";

        public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal) { ClientSecretBasic, ClientSecretPost, PrivateKeyJwt, None };
    }

    public static class ApplicationTypes
    {
        public const string Web = "web";
        public const string Native = "native";
    }
}
