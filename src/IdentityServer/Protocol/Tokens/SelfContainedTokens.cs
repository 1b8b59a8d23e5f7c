using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>
/// Access tokens and ID tokens are self-contained signed JWTs, so no token row is written for them (a
/// client-credentials grant's only database write; two of a refresh grant's). Access tokens stay revocable: one
/// token by its <c>jti</c> on the revocation list (<see cref="Revocation.SelfContainedTokenRevocation"/>), a user's
/// token family through its authorization, which their <c>oi_au_id</c> names. An ID token is only ever read back
/// as a hint (<c>id_token_hint</c>), checked by its signature. Codes and refresh tokens keep their rows, which
/// replay detection needs.
/// </summary>
internal sealed class SelfContainedTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SelfContainedTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }

        return default;
    }
}
