using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Keeps <see cref="AttackBlocks"/> in step with the fleet: listens for the blocks other instances publish (subscribed at
/// start, retried while Redis is not there), and reads the spray flag every <see cref="PasswordSprayOptions.RefreshInterval"/>,
/// so that no sign-in has to ask Redis.
/// </summary>
internal sealed partial class AttackBlockSubscription(
    IConnectionMultiplexer redis,
    AttackBlocks blocks,
    AttackCounters counters,
    IOptions<DetectionOptions> detection,
    IOptions<PasswordSprayOptions> spray,
    ILogger<AttackBlockSubscription> logger) : BackgroundService
{
    private bool _subscribed;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!detection.Value.Enabled)
        {
            return;
        }

        // The first attempt before the host serves requests, so a healthy instance hears blocks from its first request on.
        await TrySubscribeAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(spray.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!_subscribed)
            {
                await TrySubscribeAsync();
            }

            try
            {
                blocks.SetSprayUntil(await counters.ReadSprayUntilAsync());
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogSprayUnreadable(logger, exception);
            }
        }
    }

    private async Task TrySubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(counters.Channel), (_, message) =>
            {
                if (message.HasValue)
                {
                    blocks.ApplyPublished(message.ToString());
                }
            });
            _subscribed = true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning,
        Message = "Redis is unreachable: attack blocks from other instances are not heard until the subscription succeeds")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "Redis is unreachable: the password-spray flag keeps its last value")]
    private static partial void LogSprayUnreadable(ILogger logger, Exception exception);
}
