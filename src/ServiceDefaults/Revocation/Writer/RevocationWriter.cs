using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>Records revocations for every resource server (IdentityServer's side of the list).</summary>
public interface IRevocationWriter
{
    Task RevokeTokenAsync(string jti, DateTimeOffset until, CancellationToken cancellationToken = default);

    Task RevokeSessionAsync(string sid, DateTimeOffset until, CancellationToken cancellationToken = default);

    Task RevokeAuthorizationAsync(string authorizationId, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Every token of <paramref name="subject"/> issued before <paramref name="notBefore"/> is dead.</summary>
    Task RevokeSubjectBeforeAsync(string subject, DateTimeOffset notBefore, DateTimeOffset until, CancellationToken cancellationToken = default);
}

/// <summary>
/// Stores each entry under its own key, expiring when it no longer matters, and publishes it on the channel.
/// A process that also reads the list (IdentityServer checking its own access tokens) learns the entry at once,
/// before Redis is asked, so its next check sees it even while Redis is unreachable.
/// </summary>
public sealed class RedisRevocationWriter(
    IConnectionMultiplexer redis, IOptions<RevocationOptions> options, TimeProvider clock, RevocationCopy? localCopy = null, AictMetrics? metrics = null)
    : IRevocationWriter
{
    private readonly RevocationOptions _options = options.Value;

    public Task RevokeTokenAsync(string jti, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteAsync(new RevocationEntry(RevocationKind.Token, jti, Outliving(until)));

    public Task RevokeSessionAsync(string sid, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteAsync(new RevocationEntry(RevocationKind.Session, sid, Outliving(until)));

    public Task RevokeAuthorizationAsync(string authorizationId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteAsync(new RevocationEntry(RevocationKind.Authorization, authorizationId, Outliving(until)));

    public Task RevokeSubjectBeforeAsync(string subject, DateTimeOffset notBefore, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteAsync(new RevocationEntry(RevocationKind.Subject, subject, Outliving(until), notBefore.ToUnixTimeSeconds()));

    // Readers accept a token up to the clock skew past its exp: the entry is kept that much longer, rounded up to a second.
    private long Outliving(DateTimeOffset until) =>
        (long)Math.Ceiling((until + _options.ClockSkew).ToUnixTimeMilliseconds() / 1000.0);

    private static string KindLabel(RevocationKind kind) => kind switch
    {
        RevocationKind.Token => "token",
        RevocationKind.Session => "session",
        RevocationKind.Authorization => "authorization",
        _ => "subject",
    };

    private async Task WriteAsync(RevocationEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Id);
        localCopy?.Apply(entry);
        // Nothing it covers outlives "until"; keep at least a second so the entry is stored and published at all.
        var now = clock.GetUtcNow();
        var ttl = TimeSpan.FromSeconds(Math.Max(1, entry.Until - now.ToUnixTimeSeconds()));
        var database = redis.GetDatabase();
        await database.StringSetAsync(entry.Key(_options.KeyPrefix), entry.Serialize(), ttl);
        // The message carries the write time: readers measure how long revocations take to reach them.
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_options.Channel), entry.SerializePublished(now));
        metrics?.Revocation(KindLabel(entry.Kind));
    }
}
