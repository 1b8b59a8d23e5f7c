using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>
/// Wrong second factors lock the account after <see cref="MfaOptions.MaxFailedAttempts"/> in a row, however high Identity's
/// limit for passwords is (NIST's ceiling of 100, which the attack rules guard): a six-digit code must not get a hundred
/// guesses per lockout period. Counted per user in Redis for one lockout period; with Redis down, Identity's own count
/// still applies (logged).
/// </summary>
public sealed partial class SecondFactorLockout(
    IConnectionMultiplexer redis,
    UserManager<ApplicationUser> users,
    IOptions<MfaOptions> mfa,
    IOptions<ThrottlingOptions> throttling,
    TimeProvider time,
    ILogger<SecondFactorLockout> logger)
{
    private const string Count = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    /// <summary>Counts a wrong second factor; locks the account when it is the last one allowed.</summary>
    public async Task RecordFailureAsync(ApplicationUser user)
    {
        var lockout = users.Options.Lockout.DefaultLockoutTimeSpan;
        try
        {
            var failures = (long)await redis.GetDatabase().ScriptEvaluateAsync(Count, [Key(user.Id)], [(long)lockout.TotalMilliseconds]);
            if (failures < mfa.Value.MaxFailedAttempts || await users.IsLockedOutAsync(user))
            {
                return;
            }

            await users.SetLockoutEndDateAsync(user, time.GetUtcNow() + lockout);
            await redis.GetDatabase().KeyDeleteAsync(Key(user.Id));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCounterUnavailable(logger, user.Id, exception);
        }
    }

    /// <summary>A right second factor: the count starts again.</summary>
    public async Task ResetAsync(string userId)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(Key(userId), CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCounterUnavailable(logger, userId, exception);
        }
    }

    private RedisKey Key(string userId) => throttling.Value.KeyPrefix + "mfa-failures:" + userId;

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error,
        Message = "Redis is unreachable: a wrong second factor of user {UserId} was not counted (Identity's lockout count still applies)")]
    private static partial void LogCounterUnavailable(ILogger logger, string userId, Exception exception);
}
