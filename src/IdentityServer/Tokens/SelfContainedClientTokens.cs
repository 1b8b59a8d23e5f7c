using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Tokens;

/// <summary>
/// Client-credentials access tokens are self-contained signed JWTs with no refresh token or family to
/// track, so no token row is written for them (the grant's only database write). They stay revocable:
/// by <c>jti</c> on the revocation list (<see cref="Revocation.SelfContainedTokenRevocation"/>).
/// Codes and refresh tokens keep their rows, which replay detection needs.
/// </summary>
internal sealed class SelfContainedClientTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SelfContainedClientTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true)
        {
            context.CreateTokenEntry = false;
        }

        return default;
    }
}
