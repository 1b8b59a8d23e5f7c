using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Admin.Clients;

/// <summary>
/// The client form: multi-value fields one per line or as checkboxes. IdentityServer checks the metadata and has
/// the last word; its refusals come back keyed by metadata name and are shown beside the field (<see cref="FieldOf"/>).
/// </summary>
public sealed class ClientInput
{
    public static readonly string[] GrantChoices = ["authorization_code", "refresh_token", "client_credentials"];
    public static readonly string[] AuthMethodChoices = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["client_id"] = nameof(ClientId),
        ["client_name"] = nameof(ClientName),
        ["application_type"] = nameof(ApplicationType),
        ["redirect_uris"] = nameof(RedirectUris),
        ["post_logout_redirect_uris"] = nameof(PostLogoutRedirectUris),
        ["grant_types"] = nameof(GrantTypes),
        ["response_types"] = nameof(GrantTypes),
        ["token_endpoint_auth_method"] = nameof(TokenEndpointAuthMethod),
        ["scope"] = nameof(Scopes),
        ["jwks"] = nameof(Jwks),
        ["jwks_uri"] = nameof(Jwks),
        ["backchannel_logout_uri"] = nameof(BackchannelLogoutUri),
        ["backchannel_logout_session_required"] = nameof(BackchannelLogoutUri),
        ["initiate_login_uri"] = nameof(InitiateLoginUri),
        ["require_mfa"] = nameof(RequireMfa),
        ["consent_type"] = nameof(ConsentType),
    };

    [StringLength(100, ErrorMessage = "ClientIdTooLong")]
    public string? ClientId { get; set; }

    [StringLength(200, ErrorMessage = "NameTooLong")]
    public string? ClientName { get; set; }

    public string? ApplicationType { get; set; } = "web";

    public List<string> GrantTypes { get; set; } = ["authorization_code"];

    public string? TokenEndpointAuthMethod { get; set; } = "client_secret_basic";

    public string? RedirectUris { get; set; }

    public string? PostLogoutRedirectUris { get; set; }

    public List<string> Scopes { get; set; } = ["openid"];

    public string? ConsentType { get; set; } = "explicit";

    public bool RequireMfa { get; set; }

    public string? BackchannelLogoutUri { get; set; }

    public string? InitiateLoginUri { get; set; }

    /// <summary>The client's public keys as a JWK Set document, for <c>private_key_jwt</c>.</summary>
    public string? Jwks { get; set; }

    /// <summary>The form field an API error key names, or null when it names none.</summary>
    public static string? FieldOf(string key) => Fields.GetValueOrDefault(key);

    public static ClientInput From(ClientMetadataModel metadata) => new()
    {
        ClientId = metadata.ClientId,
        ClientName = metadata.ClientName,
        ApplicationType = metadata.ApplicationType ?? "web",
        GrantTypes = [.. metadata.GrantTypes ?? []],
        TokenEndpointAuthMethod = metadata.TokenEndpointAuthMethod,
        RedirectUris = string.Join('\n', metadata.RedirectUris ?? []),
        PostLogoutRedirectUris = string.Join('\n', metadata.PostLogoutRedirectUris ?? []),
        Scopes = [.. (metadata.Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        ConsentType = metadata.ConsentType ?? "explicit",
        RequireMfa = metadata.RequireMfa is true,
        BackchannelLogoutUri = metadata.BackchannelLogoutUri,
        InitiateLoginUri = metadata.InitiateLoginUri,
        Jwks = metadata.Jwks is { } jwks ? jwks.GetRawText() : null,
    };

    /// <summary>The metadata the form says, or null when the JWK Set is not JSON (the one thing the API cannot be sent).</summary>
    public ClientMetadataModel? ToMetadata()
    {
        JsonElement? jwks = null;
        if (!string.IsNullOrWhiteSpace(Jwks))
        {
            try
            {
                using var document = JsonDocument.Parse(Jwks);
                jwks = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return new ClientMetadataModel
        {
            ClientId = Blank(ClientId),
            ClientName = Blank(ClientName),
            ApplicationType = Blank(ApplicationType),
            RedirectUris = Lines(RedirectUris),
            PostLogoutRedirectUris = Lines(PostLogoutRedirectUris),
            GrantTypes = [.. GrantTypes.Where(g => !string.IsNullOrWhiteSpace(g)).Distinct(StringComparer.Ordinal)],
            TokenEndpointAuthMethod = Blank(TokenEndpointAuthMethod),
            Scope = string.Join(' ', Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)),
            ConsentType = Blank(ConsentType),
            RequireMfa = RequireMfa,
            BackchannelLogoutUri = Blank(BackchannelLogoutUri),
            InitiateLoginUri = Blank(InitiateLoginUri),
            Jwks = jwks,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Lines(string? value) =>
        [.. (value ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
