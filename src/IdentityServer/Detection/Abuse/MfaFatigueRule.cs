using System.Globalization;
using Aict.IdentityServer.Detection.Alerts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>
/// Counts, per user, the second-factor sign-ins begun and the sign-in codes sent by SMS without a completed second factor,
/// each in a sliding window (Redis sorted sets scored by the server's clock). Either count reaching
/// <c>Detection:MfaFatigue:Challenges</c> raises <c>mfa_fatigue</c> (once per window) and pauses sign-in codes by SMS for the
/// user; completing any second factor clears the counts and the pause. Redis being down counts nothing and pauses nothing.
/// </summary>
public sealed partial class MfaFatigueRule(
    IConnectionMultiplexer redis,
    IHttpContextAccessor http,
    AbuseAlerts alerts,
    IOptions<MfaFatigueOptions> options,
    IOptions<DetectionOptions> detection,
    TimeProvider time,
    ILogger<MfaFatigueRule> logger)
{
    private const string Count = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], window)
        local count = redis.call('ZCARD', KEYS[1])
        if count >= tonumber(ARGV[4]) then
          redis.call('SET', KEYS[2], now + tonumber(ARGV[5]), 'PX', ARGV[5])
        end
        return count
        """;

    private enum Challenge
    {
        SignIn,
        Sms,
    }

    /// <summary>A password was right and the sign-in now waits for a second factor.</summary>
    public Task SecondFactorBegunAsync(string userId) => CountAsync(userId, Challenge.SignIn);

    /// <summary>A sign-in code went out by SMS.</summary>
    public Task SignInCodeSentAsync(string userId) => CountAsync(userId, Challenge.Sms);

    /// <summary>The user proved a second factor: the counts and any pause end.</summary>
    public async Task SecondFactorCompletedAsync(string userId)
    {
        if (!detection.Value.Enabled)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().KeyDeleteAsync([Key(userId, Challenge.SignIn), Key(userId, Challenge.Sms), PauseKey(userId)]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
        }
    }

    /// <summary>How long sign-in codes by SMS stay paused for the user; null when they are not.</summary>
    public async Task<TimeSpan?> SmsPausedForAsync(string userId)
    {
        if (!detection.Value.Enabled)
        {
            return null;
        }

        try
        {
            var until = (long?)await redis.GetDatabase().StringGetAsync(PauseKey(userId));
            var left = until is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) - time.GetUtcNow() : TimeSpan.Zero;
            return left > TimeSpan.Zero ? left : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
            return null;
        }
    }

    private async Task CountAsync(string userId, Challenge challenge)
    {
        if (!detection.Value.Enabled)
        {
            return;
        }

        var settings = options.Value;
        long count;
        try
        {
            count = (long)await redis.GetDatabase().ScriptEvaluateAsync(Count, [Key(userId, challenge), PauseKey(userId)],
                [time.GetUtcNow().ToUnixTimeMilliseconds(), (long)settings.Window.TotalMilliseconds, Guid.NewGuid().ToString("N"),
                    settings.Challenges, (long)settings.SmsPause.TotalMilliseconds]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
            return;
        }

        if (count < settings.Challenges)
        {
            return;
        }

        LogFatigue(logger, userId, count);
        var minutes = settings.Window.TotalMinutes.ToString(CultureInfo.InvariantCulture);
        var what = challenge == Challenge.SignIn ? "second-factor sign-ins begun" : "sign-in codes sent by SMS";
        await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.MfaFatigue, AlertSeverities.Medium,
            [$"{count} {what} without completion within {minutes} min",
                $"SMS codes paused for {settings.SmsPause.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min"],
            UserId: userId, Subject: userId, Address: http.HttpContext?.Connection.RemoteIpAddress,
            DedupKey: $"mfa-fatigue:{NetworkKey.Hash(userId)}", DedupWindow: settings.Window));
    }

    private RedisKey Key(string userId, Challenge challenge) =>
        $"{detection.Value.KeyPrefix}mfa-fatigue:{(challenge == Challenge.SignIn ? "begun" : "sms")}:{NetworkKey.Hash(userId)}";

    private RedisKey PauseKey(string userId) => $"{detection.Value.KeyPrefix}mfa-fatigue:pause:{NetworkKey.Hash(userId)}";

    [LoggerMessage(EventId = 5340, Level = LogLevel.Warning, Message = "User {UserId} has {Count} second-factor challenges without completion: SMS codes paused")]
    private static partial void LogFatigue(ILogger logger, string userId, long count);

    [LoggerMessage(EventId = 5341, Level = LogLevel.Error, Message = "Redis is unreachable: the MFA fatigue rule counts nothing")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
