using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// Sliding-window send limits per user and per phone number, in Redis sorted sets scored by the
/// TimeProvider's clock; one script checks both and records the send only when both allow it.
/// </summary>
public sealed class SmsSendLimiter(IConnectionMultiplexer redis, IOptions<SmsOptions> options, TimeProvider time)
{
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local wait = 0
        local keys = { @userKey, @numberKey }
        local limits = { tonumber(@userLimit), tonumber(@numberLimit) }
        local now = tonumber(@now)
        local window = tonumber(@window)
        for i, key in ipairs(keys) do
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
          if redis.call('ZCARD', key) >= limits[i] then
            local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            wait = math.max(wait, tonumber(oldest[2]) + window - now)
          end
        end
        if wait > 0 then return wait end
        for i, key in ipairs(keys) do
          redis.call('ZADD', key, now, @member)
          redis.call('PEXPIRE', key, window)
        end
        return 0
        """);

    /// <summary>Records a send for the user and the number; null when allowed, otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TryTakeAsync(string userId, string phoneNumber)
    {
        var settings = options.Value;
        var window = (long)settings.SendWindow.TotalMilliseconds;
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Take, new
        {
            userKey = (RedisKey)$"{settings.KeyPrefix}sends:user:{userId}",
            numberKey = (RedisKey)$"{settings.KeyPrefix}sends:number:{phoneNumber}",
            userLimit = settings.SendsPerUser,
            numberLimit = settings.SendsPerNumber,
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            window,
            member = Guid.NewGuid().ToString("N"),
        });
        return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
    }
}
