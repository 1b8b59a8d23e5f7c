using System.Net;
using System.Text.Json;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.IdentityModel.Tokens;
using static Aict.IdentityServer.Protocol.Clients.ClientMetadata;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>Why client metadata was refused, as RFC 7591 §3.2.2 words it.</summary>
public sealed record ClientMetadataProblem(string Error, string Description)
{
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidClientMetadata = "invalid_client_metadata";
}

/// <summary>
/// What this server accepts as a client (<see cref="ClientMetadataRules"/>): the scopes it knows, the
/// environment's back-channel logout rule, and optionally the bounds an initial access token or an
/// administrator set on what this client may be given.
/// </summary>
public sealed record ClientMetadataPolicy(
    IReadOnlySet<string> KnownScopes,
    LogoutUriRule LogoutUris,
    IReadOnlySet<string>? AllowedScopes = null,
    IReadOnlySet<string>? AllowedGrantTypes = null);

/// <summary>
/// The rules every client passes, whoever registers it: RFC 7591 §2 metadata that agrees with itself, redirect
/// URIs that are absolute, fragment-free and https unless on the loopback interface (native apps also get RFC 8252
/// private-use schemes), only the grants and client authentication methods this server supports, keys for
/// <c>private_key_jwt</c> that are public keys, and nothing beyond what the policy allows.
/// </summary>
public static class ClientMetadataRules
{
    private const int MaxUris = 20;
    private const int MaxUriLength = 2000;
    private const int MaxNameLength = 200;

    public static ClientMetadataProblem? Check(ClientMetadata metadata, ClientMetadataPolicy policy) =>
        CheckShape(metadata)
        ?? CheckGrants(metadata, policy)
        ?? CheckAuthentication(metadata)
        ?? CheckRedirects(metadata)
        ?? CheckOtherUris(metadata, policy)
        ?? CheckScopes(metadata, policy);

    private static ClientMetadataProblem? CheckShape(ClientMetadata metadata)
    {
        if (metadata.ClientName is { Length: > MaxNameLength })
        {
            return Metadata($"client_name must be at most {MaxNameLength} characters.");
        }

        // The name is shown on the consent page and stored as text: no control characters (nor NUL, which PostgreSQL refuses).
        if (metadata.ClientName is { } name && name.Any(char.IsControl))
        {
            return Metadata("client_name must not contain control characters.");
        }

        if (metadata.EffectiveApplicationType is not (ApplicationTypes.Web or ApplicationTypes.Native))
        {
            return Metadata("application_type must be web or native.");
        }

        if (metadata.ConsentType is not (null or "explicit" or "implicit"))
        {
            return Metadata("consent_type must be explicit or implicit.");
        }

        return metadata.JwksUri is not null ? Metadata("jwks_uri is not supported: register the keys by value in jwks.") : null;
    }

    private static ClientMetadataProblem? CheckGrants(ClientMetadata metadata, ClientMetadataPolicy policy)
    {
        var grants = metadata.EffectiveGrantTypes;
        if (grants.FirstOrDefault(g => !GrantTypeNames.Supported.Contains(g)) is { } unsupported)
        {
            return Metadata($"grant_types: {unsupported} is not supported; use authorization_code, refresh_token or client_credentials.");
        }

        if (policy.AllowedGrantTypes is { } allowed && grants.FirstOrDefault(g => !allowed.Contains(g)) is { } refused)
        {
            return Metadata($"grant_types: {refused} is not allowed for this client.");
        }

        var code = grants.Contains(GrantTypeNames.AuthorizationCode);
        if (grants.Contains(GrantTypeNames.RefreshToken) && !code)
        {
            return Metadata("grant_types: refresh_token needs authorization_code.");
        }

        var responses = metadata.ResponseTypes ?? (code ? ["code"] : []);
        if (code ? responses is not ["code"] : responses.Count > 0)
        {
            return Metadata(code ? "response_types must be [\"code\"]." : "response_types must be empty without authorization_code.");
        }

        return null;
    }

    private static ClientMetadataProblem? CheckAuthentication(ClientMetadata metadata)
    {
        var method = metadata.EffectiveAuthMethod;
        if (!AuthMethods.Supported.Contains(method))
        {
            return Metadata($"token_endpoint_auth_method: {method} is not supported; use client_secret_basic, client_secret_post, private_key_jwt or none.");
        }

        if (method == AuthMethods.None && metadata.EffectiveGrantTypes.Contains(GrantTypeNames.ClientCredentials))
        {
            return Metadata("client_credentials needs an authenticated client, not token_endpoint_auth_method none.");
        }

        if (metadata.Jwks is { } jwks)
        {
            return CheckKeys(jwks);
        }

        return method == AuthMethods.PrivateKeyJwt ? Metadata("private_key_jwt needs jwks with the client's public keys.") : null;
    }

    private static ClientMetadataProblem? CheckKeys(JsonElement jwks)
    {
        JsonWebKeySet set;
        try
        {
            set = jwks.ValueKind == JsonValueKind.Object ? new JsonWebKeySet(jwks.GetRawText()) : throw new ArgumentException("not an object");
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException)
        {
            return Metadata("jwks must be a JWK Set: {\"keys\": [...]}.");
        }

        if (set.Keys.Count is 0 or > 10)
        {
            return Metadata("jwks must hold between one and ten keys.");
        }

        // A private key sent to us is a leaked key: refuse it rather than store it.
        if (set.Keys.Any(k => k.HasPrivateKey || !string.IsNullOrEmpty(k.K)))
        {
            return Metadata("jwks must hold public keys only.");
        }

        return set.Keys.Any(k => k.Kty is not ("RSA" or "EC")) ? Metadata("jwks keys must be RSA or EC.") : null;
    }

    private static ClientMetadataProblem? CheckRedirects(ClientMetadata metadata)
    {
        var native = metadata.EffectiveApplicationType == ApplicationTypes.Native;
        var redirects = metadata.RedirectUris ?? [];
        if (metadata.EffectiveGrantTypes.Contains(GrantTypeNames.AuthorizationCode) && redirects.Count == 0)
        {
            return new(ClientMetadataProblem.InvalidRedirectUri, "redirect_uris is required for authorization_code.");
        }

        if (redirects.Count > MaxUris || (metadata.PostLogoutRedirectUris?.Count ?? 0) > MaxUris)
        {
            return new(ClientMetadataProblem.InvalidRedirectUri, $"At most {MaxUris} redirect URIs.");
        }

        foreach (var (name, uris) in new[] { ("redirect_uris", redirects), ("post_logout_redirect_uris", metadata.PostLogoutRedirectUris ?? []) })
        {
            if (uris.Select(uri => RedirectProblem(uri, native)).FirstOrDefault(p => p is not null) is { } problem)
            {
                return new(ClientMetadataProblem.InvalidRedirectUri, $"{name}: {problem}");
            }
        }

        return null;
    }

    /// <summary>What is wrong with a redirect URI for a web or native client, or null.</summary>
    public static string? RedirectProblem(string? value, bool native)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxUriLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return $"{value} is not an absolute URI.";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return $"{value} must not contain a fragment.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{value} must not contain user information.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return IsLoopback(uri) ? null : $"{value} must use https unless it is on the loopback interface.";
        }

        // RFC 8252 §7.1: a private-use scheme in reverse domain name form, for native apps only.
        return native && uri.Scheme.Contains('.', StringComparison.Ordinal) && !IsDangerousScheme(uri.Scheme)
            ? null
            : $"{value} must use https{(native ? ", http on the loopback interface, or a reverse-domain private-use scheme" : string.Empty)}.";
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool IsDangerousScheme(string scheme) => scheme is "javascript" or "data" or "file" or "vbscript";

    private static ClientMetadataProblem? CheckOtherUris(ClientMetadata metadata, ClientMetadataPolicy policy)
    {
        if (metadata.BackchannelLogoutUri is { } logout
            && (!Uri.TryCreate(logout, UriKind.Absolute, out var logoutUri) || logout.Length > MaxUriLength
                || BackchannelLogoutRegistration.Problem(logoutUri, policy.LogoutUris) is not null))
        {
            var reason = logoutUri is null ? "must be an absolute URI." : BackchannelLogoutRegistration.Problem(logoutUri, policy.LogoutUris);
            return Metadata($"backchannel_logout_uri {reason}");
        }

        if (metadata.BackchannelLogoutSessionRequired is not null && metadata.BackchannelLogoutUri is null)
        {
            return Metadata("backchannel_logout_session_required needs backchannel_logout_uri.");
        }

        if (metadata.InitiateLoginUri is { } login
            && (!Uri.TryCreate(login, UriKind.Absolute, out var loginUri) || login.Length > MaxUriLength
                || InitiateLoginRegistration.Problem(loginUri, policy.LogoutUris.RequireHttps) is not null))
        {
            return Metadata("initiate_login_uri must be an absolute URI without a fragment, https outside Development.");
        }

        return null;
    }

    private static ClientMetadataProblem? CheckScopes(ClientMetadata metadata, ClientMetadataPolicy policy)
    {
        foreach (var scope in metadata.Scopes)
        {
            if (!policy.KnownScopes.Contains(scope))
            {
                return Metadata($"scope: {scope} is not a scope of this server.");
            }

            if (policy.AllowedScopes is { } allowed && !allowed.Contains(scope))
            {
                return Metadata($"scope: {scope} is not allowed for this client.");
            }
        }

        return null;
    }

    private static ClientMetadataProblem Metadata(string description) => new(ClientMetadataProblem.InvalidClientMetadata, description);
}
