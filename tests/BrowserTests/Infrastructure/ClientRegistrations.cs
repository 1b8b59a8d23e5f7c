using System.Text.Json;
using Aict.IdentityServer.Logout;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>Registers the browser tests' relying parties at IdentityServer with their real ports.</summary>
internal static class ClientRegistrations
{
    /// <summary>OIDC third-party-initiated login (Registration §2): where a launcher starts this client's sign-in.</summary>
    public const string InitiateLoginUriProperty = "initiate_login_uri";

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
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        client.Properties[InitiateLoginUriProperty] = JsonSerializer.SerializeToElement(channel.LoginUri.AbsoluteUri);
        BackchannelLogoutRegistration.Set(client, channel.BackchannelLogoutUri, sessionRequired: true, requireHttps: false);

        await using var scope = identity.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(client);
    }
}
