using OpenIddict.Abstractions;
using OpenIddict.Server;
using StackExchange.Redis;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// A client assertion (private_key_jwt) is good for one request (RFC 7523 §3 item 7): its <c>jti</c> is
/// claimed in Redis until the assertion expires, so a captured assertion cannot be replayed. Without
/// Redis no claim can be made, and the assertion is refused.
/// </summary>
internal sealed partial class ClientAssertionReplay(IConnectionMultiplexer redis, TimeProvider clock, ILogger<ClientAssertionReplay> logger)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    private const string KeyPrefix = "aict:client-assertion:";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<ClientAssertionReplay>()
            // After the client is authenticated: only a fully valid assertion claims its jti.
            .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.ClientAssertionPrincipal is not { } assertion)
        {
            return;
        }

        if (assertion.GetClaim(Claims.JwtId) is not { Length: > 0 } jti || assertion.GetExpirationDate() is not { } expiresAt)
        {
            context.Reject(Errors.InvalidClient, "The client assertion must carry jti and exp.");
            return;
        }

        if (!await TryClaimAsync($"{KeyPrefix}{assertion.GetClaim(Claims.Issuer)}:{jti}", expiresAt))
        {
            context.Reject(Errors.InvalidClient, "The client assertion was already used.");
        }
    }

    private async Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt)
    {
        // Kept a minute past exp: OpenIddict allows some clock skew on the assertion's lifetime.
        var keep = expiresAt - clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        try
        {
            return await redis.GetDatabase().StringSetAsync(key, "1", keep > TimeSpan.FromSeconds(1) ? keep : TimeSpan.FromSeconds(1), When.NotExists);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogReplayStoreUnavailable(logger, exception);
            return false;
        }
    }

    [LoggerMessage(EventId = 4620, Level = LogLevel.Error,
        Message = "Redis is unreachable: client assertions cannot be checked for replay and are refused.")]
    private static partial void LogReplayStoreUnavailable(ILogger logger, Exception exception);
}
