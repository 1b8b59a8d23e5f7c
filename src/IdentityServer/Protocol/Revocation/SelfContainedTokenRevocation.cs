using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// The revocation endpoint for access tokens, which have no token row: their <c>jti</c>
/// goes on the revocation list until they expire. Every other token takes OpenIddict's own path, which
/// this handler replaces because that path refuses a token without a row as <c>unsupported_token_type</c>.
/// </summary>
internal sealed class SelfContainedTokenRevocation(IOpenIddictTokenManager tokens, RevocationPublisher publisher)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<SelfContainedTokenRevocation>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        var principal = context.GenericTokenPrincipal;
        if (principal is not null && principal.HasTokenType(TokenTypeIdentifiers.AccessToken) && string.IsNullOrEmpty(principal.GetTokenId()))
        {
            await publisher.TokenAsync(principal.GetClaim(Claims.JwtId), principal.GetExpirationDate(), context.CancellationToken);
            return;
        }

        await new OpenIddictServerHandlers.Revocation.RevokeToken(tokens).HandleAsync(context);
    }
}
