using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>Registers the browser tests' relying parties at IdentityServer with their real ports.</summary>
internal static class ClientRegistrations
{
    public static async Task RegisterAsync(IdentityServerFactory identity, TestChannel channel)
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = channel.ClientId,
            ClientSecret = channel.ClientSecret,
            DisplayName = "Test Channel",
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            // First-party, as channel-web: no consent screen.
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(channel.Origin, "/signin-oidc") },
            PostLogoutRedirectUris = { new Uri(channel.Origin, "/signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.Profile,
                Permissions.Prefixes.Scope + "orders:read",
                Permissions.Prefixes.Scope + "orders:write",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        InitiateLoginRegistration.Set(client, channel.LoginUri, requireHttps: false);
        BackchannelLogoutRegistration.Set(client, channel.BackchannelLogoutUri, sessionRequired: true, LogoutUriRule.Development);

        await using var scope = identity.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(client);
    }

    /// <summary>Points the demo realm's <c>sso-portal</c> client at the portal's real port: redirect, post-logout and back-channel logout URIs.</summary>
    public static async Task PointSsoPortalAtAsync(IdentityServerFactory identity, Uri portal)
    {
        await using var scope = identity.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(DemoRealm.SsoPortal.ClientId)
            ?? throw new InvalidOperationException("The demo realm has no sso-portal client.");
        var client = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(client, application);
        client.RedirectUris.Clear();
        client.RedirectUris.Add(new Uri(portal, "/signin-oidc"));
        client.PostLogoutRedirectUris.Clear();
        client.PostLogoutRedirectUris.Add(new Uri(portal, "/signout-callback-oidc"));
        BackchannelLogoutRegistration.Set(client, new Uri(portal, "/backchannel-logout"), sessionRequired: true, LogoutUriRule.Development);
        await applications.UpdateAsync(application, client);
    }
}
