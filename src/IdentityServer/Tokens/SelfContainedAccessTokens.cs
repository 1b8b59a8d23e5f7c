using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Tokens;

/// <summary>
/// Access tokens are self-contained signed JWTs, so no token row is written for them (a client-credentials
/// grant's only database write, one of a refresh grant's three). They stay revocable: one token by its
/// <c>jti</c> on the revocation list (<see cref="Revocation.SelfContainedTokenRevocation"/>), a user's token
/// family through its authorization, which their <c>oi_au_id</c> names. Codes and refresh tokens keep their
/// rows, which replay detection needs.
/// </summary>
internal sealed class SelfContainedAccessTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SelfContainedAccessTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken)
        {
            context.CreateTokenEntry = false;
        }

        return default;
    }
}
