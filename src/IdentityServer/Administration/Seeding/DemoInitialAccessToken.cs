using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Protocol.Registration;
using static Aict.IdentityServer.Protocol.Clients.ClientMetadata;

namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>
/// The demo realm's multi-use initial access token for dynamic client registration (RFC 7591), with a literal
/// development value: clients it registers may use the channels' scopes and grants. Added once; a developer who
/// revoked it keeps it revoked.
/// </summary>
internal static class DemoInitialAccessToken
{
    public const string Token = "aict-dev-initial-access-token";

    private static readonly string[] ApiScopes = ["products:read", "orders:read", "orders:write", "reservations:read", "reservations:write"];

    public static async Task EnsureAsync(InitialAccessTokens tokens, CancellationToken cancellationToken)
    {
        if (await tokens.ExistsAsync(Token, cancellationToken))
        {
            return;
        }

        await tokens.CreateAsync("Demo realm registrations", expiresAt: null, multiUse: true, [.. ScopeCatalog.UserScopes, .. ApiScopes],
            [GrantTypeNames.AuthorizationCode, GrantTypeNames.RefreshToken, GrantTypeNames.ClientCredentials], createdBy: null,
            cancellationToken, Token);
    }
}
