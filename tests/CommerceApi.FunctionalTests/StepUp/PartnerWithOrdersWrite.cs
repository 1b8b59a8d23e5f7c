using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.CommerceApi.FunctionalTests.StepUp;

/// <summary>
/// A partner system allowed to place orders (the demo realm's <c>partner-erp</c> may only read them),
/// registered at the test's IdentityServer under a fresh client id.
/// </summary>
internal static class PartnerWithOrdersWrite
{
    public static async Task<string> TokenAsync(IdentityServerFactory identity)
    {
        var client = new DemoClient($"partner-orders-{Guid.NewGuid():N}", "partner-orders-secret", null, null);
        await using (var scope = identity.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                ClientType = ClientTypes.Confidential,
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.ClientCredentials,
                    Permissions.Prefixes.Scope + "orders:write",
                },
            });
        }

        var tokens = await new TokenClient(identity.CreateBackChannel()).ClientCredentialsAsync(client, "orders:write");
        return tokens.AccessToken ?? throw new InvalidOperationException($"No partner token: {tokens.Json}");
    }
}
