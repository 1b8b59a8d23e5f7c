using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>The demo realm's clients (ARCHITECTURE.md), with literal development secrets.</summary>
internal static class DemoClients
{
    private static readonly string[] ChannelApiScopes =
        ["products:read", "orders:read", "orders:write", "reservations:read", "reservations:write"];

    public static IEnumerable<OpenIddictApplicationDescriptor> All()
    {
        yield return WebClient("sso-portal", "SSO Portal", "sso-portal-dev-secret", "http://localhost:5300", [.. ChannelApiScopes, ScopeCatalog.Account]);
        var channelWeb = WebClient("channel-web", "Channel Web", "channel-web-dev-secret", "http://localhost:5400", ChannelApiScopes);
        // The portal's launcher opens it here, and the app starts its own sign-in (OIDC Core §4).
        InitiateLoginRegistration.Set(channelWeb, new Uri("http://localhost:5400/login"), requireHttps: false);
        yield return channelWeb;
        yield return MobileClient();
        yield return PartnerClient();
        yield return ProvisioningClient();
    }

    private static OpenIddictApplicationDescriptor WebClient(
        string clientId, string name, string secret, string origin, IEnumerable<string> apiScopes)
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = name,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            // First-party: no consent screen.
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri($"{origin}/signin-oidc") },
            PostLogoutRedirectUris = { new Uri($"{origin}/signout-callback-oidc") },
        };
        AddCodeFlowPermissions(client, apiScopes);
        // The demo realm exists in Development only, where the local apps listen on plain http.
        BackchannelLogoutRegistration.Set(client, new Uri($"{origin}/backchannel-logout"), sessionRequired: true, LogoutUriRule.Development);
        client.Permissions.Add(Permissions.Endpoints.Introspection);
        client.Permissions.Add(Permissions.Endpoints.Revocation);
        return client;
    }

    private static OpenIddictApplicationDescriptor MobileClient()
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = "channel-mobile",
            DisplayName = "Channel Mobile",
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            ConsentType = ConsentTypes.Explicit,
            // Any port on the loopback interface (RFC 8252 §7.3), and the app's private-use scheme (§7.1).
            RedirectUris = { new Uri("http://127.0.0.1/callback"), new Uri("com.aict.mobile:/oauth2redirect") },
        };
        AddCodeFlowPermissions(client, ChannelApiScopes);
        client.Permissions.Add(Permissions.Endpoints.Revocation);
        return client;
    }

    private static OpenIddictApplicationDescriptor PartnerClient()
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = "partner-erp",
            ClientSecret = "partner-erp-dev-secret",
            DisplayName = "Partner ERP",
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Introspection,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials,
            },
        };
        foreach (var scope in new[] { "products:read", "products:write", "inventory:write", "orders:read" })
        {
            client.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        return client;
    }

    /// <summary>An HR system that provisions users and groups over SCIM, as Okta or Entra ID would.</summary>
    private static OpenIddictApplicationDescriptor ProvisioningClient() => new()
    {
        ClientId = "partner-hr",
        ClientSecret = "partner-hr-dev-secret",
        DisplayName = "Partner HR",
        ClientType = ClientTypes.Confidential,
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + ScopeCatalog.Scim,
        },
    };

    private static void AddCodeFlowPermissions(OpenIddictApplicationDescriptor client, IEnumerable<string> apiScopes)
    {
        client.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
        ]);
        client.Permissions.UnionWith(ScopeCatalog.UserScopes
            .Where(scope => scope != Scopes.OpenId)
            .Concat(apiScopes)
            .Select(scope => Permissions.Prefixes.Scope + scope));
        client.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
    }
}
