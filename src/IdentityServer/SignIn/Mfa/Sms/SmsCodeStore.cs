using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// The live code of each user and purpose in Redis: its keyed hash (<see cref="SmsCodeHash"/>), its expiry
/// instant on the TimeProvider's clock and its count of wrong tries. Never the code itself.
/// </summary>
public sealed class SmsCodeStore(IConnectionMultiplexer redis, IOptions<SmsOptions> options, SmsCodeHash hash, TimeProvider time)
{
    // Deletes only the record whose hash was just checked, and only while it is not locked: one winner, never a newer code.
    private static readonly LuaScript Consume = LuaScript.Prepare("""
        local record = redis.call('HMGET', @key, 'hash', 'attempts')
        if record[1] == @hash and tonumber(record[2]) < tonumber(@maxAttempts) then
          return redis.call('DEL', @key)
        end
        return 0
        """);

    private static readonly LuaScript CountWrongTry = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 0 then return -1 end
        return redis.call('HINCRBY', @key, 'attempts', 1)
        """);

    /// <summary>Stores the code as the one live code of the user and purpose, replacing any earlier one.</summary>
    public async Task ReplaceAsync(string userId, SmsCodePurpose purpose, string code)
    {
        var lifetime = options.Value.CodeLifetime;
        var key = Key(userId, purpose);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry("hash", Convert.ToHexString(hash.Compute(userId, purpose, code))),
            new HashEntry("expires", time.GetUtcNow().Add(lifetime).ToUnixTimeMilliseconds()),
            new HashEntry("attempts", 0),
        ]);
        // Redis only cleans up; whether the code is still good is decided on the TimeProvider's clock.
        _ = transaction.KeyExpireAsync(key, lifetime);
        await transaction.ExecuteAsync();
    }

    public Task DeleteAsync(string userId, SmsCodePurpose purpose) => redis.GetDatabase().KeyDeleteAsync(Key(userId, purpose));

    public async Task<SmsCodeVerification> VerifyAsync(string userId, SmsCodePurpose purpose, string code)
    {
        var database = redis.GetDatabase();
        var key = Key(userId, purpose);
        var maxAttempts = options.Value.MaxAttempts;
        var record = await database.HashGetAsync(key, ["hash", "expires", "attempts"]);
        if (record[0].IsNull || record[1].IsNull || record[2].IsNull)
        {
            return SmsCodeVerification.Expired;
        }

        if ((long)record[2] >= maxAttempts)
        {
            return SmsCodeVerification.TooManyAttempts;
        }

        if ((long)record[1] <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            await database.KeyDeleteAsync(key);
            return SmsCodeVerification.Expired;
        }

        var stored = (string)record[0]!;
        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(Convert.ToHexString(hash.Compute(userId, purpose, code)))))
        {
            var consumed = (long)await database.ScriptEvaluateAsync(Consume, new { key = (RedisKey)key, hash = stored, maxAttempts });
            return consumed == 1 ? SmsCodeVerification.Valid : SmsCodeVerification.Expired;
        }

        var attempts = (long)await database.ScriptEvaluateAsync(CountWrongTry, new { key = (RedisKey)key });
        return attempts switch
        {
            < 0 => SmsCodeVerification.Expired,
            _ when attempts >= maxAttempts => SmsCodeVerification.TooManyAttempts,
            _ => SmsCodeVerification.Invalid,
        };
    }

    private string Key(string userId, SmsCodePurpose purpose) => $"{options.Value.KeyPrefix}code:{purpose.Name()}:{userId}";
}
