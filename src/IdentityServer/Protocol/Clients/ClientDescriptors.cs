using System.Text.Json;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Mfa;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static Aict.IdentityServer.Protocol.Clients.ClientMetadata;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// <see cref="ClientMetadata"/> to an OpenIddict application and back: permissions for exactly the grants and
/// scopes asked for, PKCE required for the code flow, the protocol extensions in the application's properties.
/// Metadata reaches <see cref="Apply"/> only after <see cref="ClientMetadataRules.Check"/> accepted it.
/// </summary>
public static class ClientDescriptors
{
    public const string AuthMethodProperty = "token_endpoint_auth_method";

    /// <summary>
    /// Makes <paramref name="descriptor"/> say what <paramref name="metadata"/> says, replacing what it said before;
    /// the client id and secret are the caller's to set.
    /// </summary>
    public static void Apply(ClientMetadata metadata, OpenIddictApplicationDescriptor descriptor, LogoutUriRule logoutUris)
    {
        var grants = metadata.EffectiveGrantTypes;
        var code = grants.Contains(GrantTypeNames.AuthorizationCode);
        descriptor.DisplayName = metadata.ClientName;
        // OpenIddict's application types are the registration metadata's own words.
        descriptor.ApplicationType = metadata.EffectiveApplicationType;
        descriptor.ClientType = metadata.IsPublic ? ClientTypes.Public : ClientTypes.Confidential;
        descriptor.ConsentType = metadata.ConsentType == "implicit" ? ConsentTypes.Implicit : ConsentTypes.Explicit;
        descriptor.JsonWebKeySet = metadata.Jwks is { } jwks ? new JsonWebKeySet(jwks.GetRawText()) : null;

        descriptor.RedirectUris.Clear();
        descriptor.RedirectUris.UnionWith((metadata.RedirectUris ?? []).Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.UnionWith((metadata.PostLogoutRedirectUris ?? []).Select(uri => new Uri(uri, UriKind.Absolute)));

        descriptor.Permissions.Clear();
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (!metadata.IsPublic)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        if (code)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
        }

        descriptor.Permissions.UnionWith(grants.Distinct().Select(grant => Permissions.Prefixes.GrantType + grant));
        // openid needs no permission in OpenIddict; every other scope does.
        descriptor.Permissions.UnionWith(metadata.Scopes.Where(scope => scope != Scopes.OpenId).Select(scope => Permissions.Prefixes.Scope + scope));

        descriptor.Requirements.Clear();
        if (code)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        foreach (var property in new[]
        {
            AuthMethodProperty, MfaRequirement.ClientProperty, InitiateLoginRegistration.Property,
            BackchannelLogoutRegistration.UriProperty, BackchannelLogoutRegistration.SessionRequiredProperty,
        })
        {
            descriptor.Properties.Remove(property);
        }

        descriptor.Properties[AuthMethodProperty] = JsonSerializer.SerializeToElement(metadata.EffectiveAuthMethod);
        if (metadata.RequireMfa is true)
        {
            descriptor.Properties[MfaRequirement.ClientProperty] = JsonSerializer.SerializeToElement(true);
        }

        if (metadata.InitiateLoginUri is { } login)
        {
            InitiateLoginRegistration.Set(descriptor, new Uri(login, UriKind.Absolute), logoutUris.RequireHttps);
        }

        if (metadata.BackchannelLogoutUri is { } logout)
        {
            BackchannelLogoutRegistration.Set(descriptor, new Uri(logout, UriKind.Absolute), metadata.BackchannelLogoutSessionRequired ?? true, logoutUris);
        }
    }

    /// <summary>What an OpenIddict application is, in metadata (never its secret).</summary>
    public static ClientMetadata Describe(OpenIddictApplicationDescriptor descriptor)
    {
        var properties = descriptor.Properties;
        var scopes = descriptor.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]).ToList();
        var grants = descriptor.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.GrantType.Length..]).ToList();
        var code = grants.Contains(GrantTypeNames.AuthorizationCode);
        if (code)
        {
            scopes.Insert(0, Scopes.OpenId);
        }

        return new ClientMetadata
        {
            ClientId = descriptor.ClientId,
            ClientName = descriptor.DisplayName,
            ApplicationType = descriptor.ApplicationType ?? ClientMetadata.ApplicationTypes.Web,
            RedirectUris = [.. descriptor.RedirectUris.Select(uri => uri.OriginalString)],
            PostLogoutRedirectUris = [.. descriptor.PostLogoutRedirectUris.Select(uri => uri.OriginalString)],
            GrantTypes = grants,
            ResponseTypes = code ? ["code"] : [],
            TokenEndpointAuthMethod = String(properties, AuthMethodProperty) ?? DefaultAuthMethod(descriptor),
            Scope = string.Join(' ', scopes),
            Jwks = descriptor.JsonWebKeySet is { Keys.Count: > 0 } set ? JsonSerializer.SerializeToElement(set) : null,
            BackchannelLogoutUri = String(properties, BackchannelLogoutRegistration.UriProperty),
            BackchannelLogoutSessionRequired = String(properties, BackchannelLogoutRegistration.UriProperty) is null
                ? null
                : properties.TryGetValue(BackchannelLogoutRegistration.SessionRequiredProperty, out var required) && required.ValueKind == JsonValueKind.True,
            InitiateLoginUri = String(properties, InitiateLoginRegistration.Property),
            RequireMfa = properties.TryGetValue(MfaRequirement.ClientProperty, out var mfa) && mfa.ValueKind == JsonValueKind.True,
            ConsentType = descriptor.ConsentType == ConsentTypes.Implicit ? "implicit" : "explicit",
        };
    }

    // Clients created before the property existed: public ones send nothing, key-only ones sign assertions.
    private static string DefaultAuthMethod(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.ClientType == ClientTypes.Public ? AuthMethods.None
        : descriptor.JsonWebKeySet is { Keys.Count: > 0 } && string.IsNullOrEmpty(descriptor.ClientSecret) ? AuthMethods.PrivateKeyJwt
        : AuthMethods.ClientSecretBasic;

    private static string? String(Dictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
