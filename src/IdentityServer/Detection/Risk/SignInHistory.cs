using System.Globalization;
using Aict.IdentityServer.Detection.Devices;
using Aict.IdentityServer.Detection.Geo;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Risk;

/// <summary>Where a sign-in comes from: its place (null when unknown), device hash, network hash, and time.</summary>
public sealed record SignInPlace(IpLocation? Location, string? Device, string? Network, DateTimeOffset At);

/// <summary>What the user's earlier sign-ins left: the last known place and its time, and whether this device and network are known.</summary>
public sealed record PriorSignIns(IpLocation? LastLocation, DateTimeOffset? LastAt, bool HasHistory, bool DeviceKnown, bool NetworkKnown);

/// <summary>
/// Each user's completed sign-ins in Redis, under <see cref="DetectionOptions.KeyPrefix"/>: the last known place and time (a hash),
/// and the devices and networks seen (sorted sets scored by last use, bounded, expiring). One script reads them and, when
/// asked, records the new sign-in in the same round trip; <see cref="ForgetAsync"/> takes such a record back when the
/// sign-in does not complete after all. Redis being unreachable gives null: the sign-in goes on unassessed.
/// </summary>
public sealed partial class SignInHistory(
    IConnectionMultiplexer redis, IOptions<DetectionOptions> detection, IOptions<NewDeviceOptions> devices, ILogger<SignInHistory> logger)
{
    private const string ReadAndRecord = """
        local last = redis.call('HMGET', KEYS[1], 'lat', 'lon', 'city', 'country', 'at')
        local history = redis.call('EXISTS', KEYS[2], KEYS[3])
        local now, keep, max = tonumber(ARGV[2]), tonumber(ARGV[9]), tonumber(ARGV[10])
        local function known(key, member)
          if member == '' then return 0 end
          local seen = redis.call('ZSCORE', key, member)
          if seen and tonumber(seen) > now - keep then return 1 end
          return 0
        end
        local device, network = known(KEYS[2], ARGV[3]), known(KEYS[3], ARGV[4])
        local function remember(key, member)
          if member == '' then return end
          redis.call('ZADD', key, now, member)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now - keep)
          redis.call('ZREMRANGEBYRANK', key, 0, -max - 1)
          redis.call('PEXPIRE', key, keep)
        end
        if ARGV[1] == '1' then
          if ARGV[5] ~= '' then
            redis.call('HSET', KEYS[1], 'lat', ARGV[5], 'lon', ARGV[6], 'city', ARGV[7], 'country', ARGV[8], 'at', ARGV[2])
          end
          if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], keep) end
          remember(KEYS[2], ARGV[3])
          remember(KEYS[3], ARGV[4])
        end
        local function text(value) if value then return value end return '' end
        return { text(last[1]), text(last[2]), text(last[3]), text(last[4]), text(last[5]), history, device, network }
        """;

    private const string Forget = """
        if ARGV[1] == '' then redis.call('DEL', KEYS[1])
        else redis.call('HSET', KEYS[1], 'lat', ARGV[1], 'lon', ARGV[2], 'city', ARGV[3], 'country', ARGV[4], 'at', ARGV[5]) end
        if ARGV[6] ~= '' then redis.call('ZREM', KEYS[2], ARGV[6]) end
        if ARGV[7] ~= '' then redis.call('ZREM', KEYS[3], ARGV[7]) end
        return 1
        """;

    /// <summary>The user's earlier sign-ins, and with <paramref name="record"/> this one added; null when Redis cannot be reached.</summary>
    public async Task<PriorSignIns?> ReadAsync(string userId, SignInPlace place, bool record)
    {
        var options = devices.Value;
        var location = place.Location;
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReadAndRecord, Keys(userId),
            [
                record ? "1" : "0", place.At.ToUnixTimeMilliseconds(), place.Device ?? "", place.Network ?? "",
                location is null ? "" : Number(location.Latitude), location is null ? "" : Number(location.Longitude),
                location?.City ?? "", location?.Country ?? "", (long)options.RememberFor.TotalMilliseconds, options.Remembered,
            ]))!;
            var last = (string)result[0]! is { Length: > 0 } latitude
                ? new IpLocation(Text(result[2]), Text(result[3]), Parse(latitude), Parse((string)result[1]!))
                : null;
            DateTimeOffset? lastAt = last is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result[4]!, CultureInfo.InvariantCulture));
            return new PriorSignIns(last, lastAt, (long)result[5] > 0, (long)result[6] == 1, (long)result[7] == 1);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
            return null;
        }
    }

    /// <summary>Takes back what <see cref="ReadAsync"/> recorded for a sign-in that was then stepped up or blocked.</summary>
    public async Task ForgetAsync(string userId, SignInPlace place, PriorSignIns prior)
    {
        var last = prior.LastLocation;
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(Forget, Keys(userId),
            [
                last is null ? "" : Number(last.Latitude), last is null ? "" : Number(last.Longitude), last?.City ?? "", last?.Country ?? "",
                prior.LastAt?.ToUnixTimeMilliseconds() ?? 0,
                prior.DeviceKnown ? "" : place.Device ?? "", prior.NetworkKnown ? "" : place.Network ?? "",
            ]);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
        }
    }

    // One hash slot per user ({id}), so the script's keys may live on one cluster node.
    private RedisKey[] Keys(string userId)
    {
        var user = detection.Value.KeyPrefix + "signins:{" + userId + "}:";
        return [user + "last", user + "devices", user + "networks"];
    }

    private static string? Text(RedisResult value) => (string)value! is { Length: > 0 } text ? text : null;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Redis is unreachable: the sign-in goes on without a risk assessment")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
