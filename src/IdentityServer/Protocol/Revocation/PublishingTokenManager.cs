using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// OpenIddict's token manager that also puts what it revokes on the Redis revocation list, so resource
/// servers that validate JWTs locally refuse them too. Covers every route to a revocation: the
/// revocation endpoint (one token) and replay detection of a refresh token or code (the whole family). Ending a
/// family also revokes its authorization, so that a token the family mints after this moment (by a request that
/// raced the replay) is refused when used.
/// </summary>
public class PublishingTokenManager<TToken>(
    IOpenIddictTokenCache<TToken> cache,
    ILogger<OpenIddictTokenManager<TToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<TToken> store,
    RevocationPublisher publisher,
    IServiceScopeFactory scopes)
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
            await publisher.TokenAsync(
                await Store.GetIdAsync(token, cancellationToken), await Store.GetExpirationDateAsync(token, cancellationToken), cancellationToken);
        }
        else if (type is TokenTypeIdentifiers.RefreshToken or TokenTypeHints.RefreshToken)
        {
            // A revoked refresh token ends its family: the access tokens it already produced die with it.
            await publisher.AuthorizationAsync(await Store.GetAuthorizationIdAsync(token, cancellationToken), cancellationToken);
        }

        return true;
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        await RevokeAuthorizationAsync(identifier, cancellationToken);
        var revoked = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        await publisher.AuthorizationAsync(identifier, cancellationToken);
        return revoked;
    }

    /// <summary>
    /// In a scope of its own, so that saving the authorization does not also save whatever the caller's context
    /// still tracks as changed (a token row whose update just failed). Another request ending the same family at
    /// the same moment is the one other writer, hence another look when the update fails.
    /// </summary>
    private async Task RevokeAuthorizationAsync(string identifier, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            if (await authorizations.FindByIdAsync(identifier, cancellationToken) is not { } authorization
                || await authorizations.HasStatusAsync(authorization, Statuses.Revoked, cancellationToken)
                || await authorizations.TryRevokeAsync(authorization, cancellationToken))
            {
                return;
            }
        }
    }
}
