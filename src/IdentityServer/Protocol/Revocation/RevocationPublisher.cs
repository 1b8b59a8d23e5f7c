using Aict.IdentityServer.Protocol.Tokens;
using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// Puts what IdentityServer revokes on the Redis list resource servers check, each entry kept as long
/// as a token it covers can be valid (the writer adds the readers' clock skew). The revocation itself is already stored when this runs, so a
/// Redis outage must not fail the user's request: it is logged loudly instead.
/// </summary>
public sealed partial class RevocationPublisher(
    IRevocationWriter revocations, IOptions<TokenLifetimeOptions> lifetimes, TimeProvider clock, ILogger<RevocationPublisher> logger)
{
    public Task TokenAsync(string? tokenId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        PublishAsync(tokenId, id => revocations.RevokeTokenAsync(id, expiresAt ?? LastAccessTokenExpiry(), cancellationToken));

    /// <summary>A token family: it gets no new access tokens, so the last one it has dies within one lifetime.</summary>
    public Task AuthorizationAsync(string? authorizationId, CancellationToken cancellationToken = default) =>
        PublishAsync(authorizationId, id => revocations.RevokeAuthorizationAsync(id, LastAccessTokenExpiry(), cancellationToken));

    public Task SessionAsync(string? sessionId, CancellationToken cancellationToken = default) =>
        PublishAsync(sessionId, id => revocations.RevokeSessionAsync(id, LastAccessTokenExpiry(), cancellationToken));

    /// <summary>Every token of the subject issued until now, including this very second (iat has whole seconds).</summary>
    public Task SubjectAsync(string? subject, CancellationToken cancellationToken = default) =>
        PublishAsync(subject, id => revocations.RevokeSubjectBeforeAsync(
            id, clock.GetUtcNow().AddSeconds(1), LastAccessTokenExpiry(), cancellationToken));

    private DateTimeOffset LastAccessTokenExpiry() => clock.GetUtcNow() + lifetimes.Value.AccessToken;

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
            LogPublishFailed(logger, exception, id);
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error,
        Message = "Could not put {Id} on the revocation list; resource servers accept its tokens until they expire.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string id);
}
