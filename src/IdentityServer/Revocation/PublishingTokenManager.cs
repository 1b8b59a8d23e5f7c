using Aict.IdentityServer.Connect;
using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using StackExchange.Redis;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Revocation;

/// <summary>
/// OpenIddict's token manager that also puts what it revokes on the Redis revocation list, so resource
/// servers that validate JWTs locally refuse them too. Covers every route to a revocation: the
/// revocation endpoint (one token) and replay detection of a refresh token or code (the whole family).
/// </summary>
public partial class PublishingTokenManager<TToken>(
    IOpenIddictTokenCache<TToken> cache,
    ILogger<OpenIddictTokenManager<TToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<TToken> store,
    IRevocationWriter revocations,
    IOptions<TokenLifetimeOptions> lifetimes,
    TimeProvider clock)
    : OpenIddictTokenManager<TToken>(cache, logger, options, store)
    where TToken : class
{
    public override async ValueTask<bool> TryRevokeAsync(TToken token, CancellationToken cancellationToken = default)
    {
        if (!await base.TryRevokeAsync(token, cancellationToken))
        {
            return false;
        }

        var type = await Store.GetTypeAsync(token, cancellationToken);
        if (type is TokenTypeIdentifiers.AccessToken or TokenTypeHints.AccessToken)
        {
            // The JWT names its entry in oi_tkn_id (its jti is random); the entry matters until the token would have expired.
            var id = await Store.GetIdAsync(token, cancellationToken);
            var until = await Store.GetExpirationDateAsync(token, cancellationToken) ?? FamilyEnd();
            await PublishAsync(id, entry => revocations.RevokeTokenAsync(entry, until, cancellationToken));
        }
        else if (type is TokenTypeIdentifiers.RefreshToken or TokenTypeHints.RefreshToken)
        {
            // A revoked refresh token ends its family: the access tokens it already produced die with it.
            var authorizationId = await Store.GetAuthorizationIdAsync(token, cancellationToken);
            await PublishAsync(authorizationId, entry => revocations.RevokeAuthorizationAsync(entry, FamilyEnd(), cancellationToken));
        }

        return true;
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var revoked = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        await PublishAsync(identifier, entry => revocations.RevokeAuthorizationAsync(entry, FamilyEnd(), cancellationToken));
        return revoked;
    }

    // After revocation the family gets no new access tokens, so the last one it has dies within one lifetime.
    private DateTimeOffset FamilyEnd() => clock.GetUtcNow() + lifetimes.Value.AccessToken + TimeSpan.FromMinutes(1);

    // The OAuth response must not change when Redis is out of reach; the failure is logged loudly instead.
    private async Task PublishAsync(string? id, Func<string, Task> write)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        try
        {
            await write(id);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(Logger, exception, id);
        }
    }

    [LoggerMessage(LogLevel.Error, "Could not put {Id} on the revocation list; resource servers accept its tokens until they expire.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string id);
}
