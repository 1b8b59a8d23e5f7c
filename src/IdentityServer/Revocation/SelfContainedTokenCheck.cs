using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using StackExchange.Redis;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Revocation;

/// <summary>
/// An access token without a token row (client credentials) is checked against the revocation list
/// whenever IdentityServer itself validates it (introspection, revocation), so a revoked one reads as
/// inactive here too. Without Redis the answer is unknown, and unknown is treated as revoked.
/// </summary>
internal sealed partial class SelfContainedTokenCheck(
    IConnectionMultiplexer redis, IOptions<RevocationOptions> options, ILogger<SelfContainedTokenCheck> logger)
    : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<SelfContainedTokenCheck>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is not { } principal || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            || !string.IsNullOrEmpty(context.TokenId) || principal.GetClaim(Claims.JwtId) is not { Length: > 0 } jti)
        {
            return;
        }

        if (await IsRevokedAsync(jti))
        {
            context.Reject(Errors.InvalidToken, "The specified token is no longer valid.");
        }
    }

    private async Task<bool> IsRevokedAsync(string jti)
    {
        try
        {
            var key = new RevocationEntry(RevocationKind.Token, jti, 0).Key(options.Value.KeyPrefix);
            return await redis.GetDatabase().KeyExistsAsync(key);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogRevocationListUnavailable(logger, exception);
            return true;
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Error,
        Message = "The revocation list is unreachable: a self-contained access token is treated as revoked.")]
    private static partial void LogRevocationListUnavailable(ILogger logger, Exception exception);
}
