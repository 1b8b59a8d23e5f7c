using Aict.IdentityServer.Protocol.Tokens;
using Aict.ServiceDefaults.Revocation;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// Puts what IdentityServer revokes on the Redis list resource servers check, each entry kept as long
/// as a token it covers can be valid (the writer adds the readers' clock skew). The revocation itself is already
/// stored when this runs, so a Redis outage must not fail the user's request: the entry goes to the
/// <see cref="RevocationOutbox"/> instead, and the relay writes it once Redis is back.
/// </summary>
public sealed partial class RevocationPublisher(
    IRevocationWriter revocations,
    RevocationOutbox outbox,
    IOptions<TokenLifetimeOptions> lifetimes,
    TimeProvider clock,
    ILogger<RevocationPublisher> logger)
{
    public Task TokenAsync(string? tokenId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        PublishAsync(RevocationKind.Token, tokenId, expiresAt ?? LastAccessTokenExpiry(), notBefore: null, cancellationToken);

    /// <summary>A token family: it gets no new access tokens, so the last one it has dies within one lifetime.</summary>
    public Task AuthorizationAsync(string? authorizationId, CancellationToken cancellationToken = default) =>
        PublishAsync(RevocationKind.Authorization, authorizationId, LastAccessTokenExpiry(), notBefore: null, cancellationToken);

    public Task SessionAsync(string? sessionId, CancellationToken cancellationToken = default) =>
        PublishAsync(RevocationKind.Session, sessionId, LastAccessTokenExpiry(), notBefore: null, cancellationToken);

    /// <summary>Every token of the subject issued until now, including this very second (iat has whole seconds).</summary>
    public Task SubjectAsync(string? subject, CancellationToken cancellationToken = default) =>
        PublishAsync(RevocationKind.Subject, subject, LastAccessTokenExpiry(), clock.GetUtcNow().AddSeconds(1), cancellationToken);

    private DateTimeOffset LastAccessTokenExpiry() => clock.GetUtcNow() + lifetimes.Value.AccessToken;

    private async Task PublishAsync(
        RevocationKind kind, string? id, DateTimeOffset until, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        var entry = outbox.Entry(kind, id, until, notBefore);
        try
        {
            await entry.WriteAsync(revocations, cancellationToken);
            return;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogPublishFailed(logger, exception, kind, id);
        }

        try
        {
            await outbox.StoreAsync(entry);
        }
        catch (Exception exception)
        {
            // Redis and the database both failed: the one case left where resource servers learn nothing.
            LogOutboxFailed(logger, exception, kind, id);
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning,
        Message = "Could not put {Kind} {Id} on the revocation list; it is kept in the revocation outbox and retried")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, RevocationKind kind, string id);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Critical,
        Message = "Could not keep {Kind} {Id} in the revocation outbox either; resource servers accept its tokens until they expire")]
    private static partial void LogOutboxFailed(ILogger logger, Exception exception, RevocationKind kind, string id);
}
