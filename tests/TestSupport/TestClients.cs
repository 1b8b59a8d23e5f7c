using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.TestSupport;

/// <summary>Clients registered for one test, so that a demo client's registration stays as documented.</summary>
public static class TestClients
{
    /// <summary>A confidential code + PKCE web client like the demo channels (first party, no consent), changed by <paramref name="configure"/>.</summary>
    public static async Task<DemoClient> CreateWebClientAsync(IdentityServerFactory factory, Action<OpenIddictApplicationDescriptor>? configure = null)
    {
        var client = new DemoClient($"rp-{Guid.NewGuid():N}", "rp-test-secret", "https://rp.example/signin-oidc", "https://rp.example/signed-out");
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(client.RedirectUri!) },
            PostLogoutRedirectUris = { new Uri(client.PostLogoutRedirectUri!) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.Profile,
                Permissions.Prefixes.Scope + Scopes.Email,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        configure?.Invoke(descriptor);

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        return client;
    }

    /// <summary>A confidential client-credentials client (a partner system) allowed <c>products:read</c>, changed by <paramref name="configure"/>.</summary>
    public static async Task<DemoClient> CreateMachineClientAsync(IdentityServerFactory factory, Action<OpenIddictApplicationDescriptor>? configure = null)
    {
        var client = new DemoClient($"machine-{Guid.NewGuid():N}", "machine-" + Guid.NewGuid().ToString("N"), null, null);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "products:read" },
        };
        configure?.Invoke(descriptor);

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        return client;
    }
}
