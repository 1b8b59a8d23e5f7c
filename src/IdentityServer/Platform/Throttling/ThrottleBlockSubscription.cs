using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// Listens for the blocks other instances publish. Subscribed at start; when Redis is not there yet, tried again
/// in the background (the client library renews a subscription it holds after every reconnect by itself).
/// </summary>
internal sealed partial class ThrottleBlockSubscription(
    IConnectionMultiplexer redis, FailureThrottle throttle, IOptions<ThrottlingOptions> options, ILogger<ThrottleBlockSubscription> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first attempt before the host serves requests, so a healthy instance hears blocks from its first request on.
        if (!await TrySubscribeAsync())
        {
            await base.StartAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RetryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken) && !await TrySubscribeAsync())
        {
        }
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(options.Value.Channel), (_, message) =>
            {
                if (message.HasValue)
                {
                    throttle.ApplyPublished(message.ToString());
                }
            });
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, exception);
            return false;
        }
    }

    [LoggerMessage(EventId = 1352, Level = LogLevel.Warning,
        Message = "Redis is unreachable: blocks from other instances are not heard until the subscription succeeds")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
