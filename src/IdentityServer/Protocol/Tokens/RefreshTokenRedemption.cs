using Aict.IdentityServer.Detection.Abuse;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>
/// OpenIddict's marking of a token as redeemed, except that a refresh token whose row another request marked
/// first is refused as a replay: OpenIddict ignores that lost race for refresh tokens (it allows a reuse leeway),
/// so two concurrent uses of one token both rotated. The row's concurrency token decides the winner; the losers
/// end the family as a replay does. The winner pays nothing more than OpenIddict's own read and update.
/// </summary>
internal sealed partial class RefreshTokenRedemption(
    IOpenIddictTokenManager tokens,
    RefreshTokenReplayRule replays,
    ILogger<RefreshTokenRedemption> logger) : IOpenIddictServerHandler<ProcessSignInContext>
{
    private readonly RedeemTokenEntry _redeem = new(tokens);

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireTokenStorageEnabled>()
            .UseScopedHandler<RefreshTokenRedemption>()
            .SetOrder(RedeemTokenEntry.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.Token || !context.Request.IsRefreshTokenGrantType())
        {
            await _redeem.HandleAsync(context);
            return;
        }

        var authentication = context.Transaction.GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!);
        var principal = authentication?.RefreshTokenPrincipal;
        if (principal?.GetTokenId() is not { Length: > 0 } tokenId || await tokens.FindByIdAsync(tokenId) is not { } token)
        {
            return;
        }

        if (await tokens.TryRedeemAsync(token))
        {
            return;
        }

        var authorizationId = principal.GetAuthorizationId();
        LostRace(logger, tokenId, authorizationId);
        if (!string.IsNullOrEmpty(authorizationId))
        {
            // As on a replay: the family's authorization and tokens end and go on the revocation list (PublishingTokenManager).
            await tokens.RevokeByAuthorizationIdAsync(authorizationId);
        }

        await replays.RaiseAsync(principal.GetClaim(Claims.Subject), context.ClientId, authorizationId, "refresh token redeemed by a concurrent request");

        context.Reject(Errors.InvalidGrant, "The specified refresh token has already been redeemed.");
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Warning,
        Message = "Refresh token {TokenId} was redeemed by a concurrent request; its family {AuthorizationId} is revoked as on a replay.")]
    private static partial void LostRace(ILogger logger, string tokenId, string? authorizationId);
}
