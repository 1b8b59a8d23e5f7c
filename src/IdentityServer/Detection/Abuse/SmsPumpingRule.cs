using System.Globalization;
using Aict.IdentityServer.Detection.Alerts;
using Aict.ServiceDefaults.Edge;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>
/// Counts the distinct numbers codes are sent to, per network of the requesting client (an exact set, bounded by the
/// limit since refused numbers are not added) and across the service (a HyperLogLog, whatever the volume), in windows
/// of <c>Detection:SmsPumping:Window</c> on the server's clock. A network past its limit gets no code for a new number
/// until the window ends (numbers it already reached still get theirs) and raises <c>sms_pumping</c> once per window;
/// the service-wide count only raises the alert. Redis being down lets the send through.
/// </summary>
public sealed partial class SmsPumpingRule(
    IConnectionMultiplexer redis,
    IHttpContextAccessor http,
    AbuseAlerts alerts,
    IOptions<SmsPumpingOptions> options,
    IOptions<DetectionOptions> detection,
    TimeProvider time,
    ILogger<SmsPumpingRule> logger)
{
    private const string Script = """
        local allowed = 1
        local count = 0
        if ARGV[4] == '1' then
          if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
            count = redis.call('SCARD', KEYS[1])
          else
            count = redis.call('SCARD', KEYS[1])
            if count >= tonumber(ARGV[2]) then
              allowed = 0
            else
              redis.call('SADD', KEYS[1], ARGV[1])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              count = count + 1
            end
          end
        end
        if allowed == 1 then
          redis.call('PFADD', KEYS[2], ARGV[1])
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
        end
        return { allowed, count, redis.call('PFCOUNT', KEYS[2]) }
        """;

    /// <summary>Records a code about to be sent to <paramref name="number"/>; null when it may go, otherwise how long until it may.</summary>
    public async Task<TimeSpan?> RefusalAsync(string number)
    {
        if (!detection.Value.Enabled)
        {
            return null;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var window = settings.Window;
        var bucket = now.UtcTicks / window.Ticks;
        var windowEnd = new DateTimeOffset((bucket + 1) * window.Ticks, TimeSpan.Zero);
        var address = http.HttpContext?.Connection.RemoteIpAddress;
        var network = address is null ? null : ClientAddress.Network(address);
        var prefix = $"{detection.Value.KeyPrefix}sms-pumping:{bucket.ToString(CultureInfo.InvariantCulture)}:";
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [prefix + "net:" + NetworkKey.Hash(network ?? string.Empty), prefix + "all"],
                [NetworkKey.Hash(number), settings.NumbersPerNetwork, (long)(window * 2).TotalMilliseconds, network is null ? "0" : "1"]))!;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(logger, exception);
            return null;
        }

        var (allowed, serviceWide) = ((long)result[0] == 1, (long)result[2]);
        var reasonWindow = $"window {window.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min";
        if (!allowed)
        {
            LogRefused(logger, network!);
            await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.SmsPumping, AlertSeverities.High,
                [$"more than {settings.NumbersPerNetwork} distinct numbers from one network", reasonWindow, "new numbers refused until the window ends"],
                Subject: network, Address: address, DedupKey: $"sms-pumping:net:{NetworkKey.Hash(network!)}:{bucket}", DedupWindow: window));
        }

        if (serviceWide > settings.NumbersServiceWide)
        {
            await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.SmsPumping, AlertSeverities.High,
                [$"more than {settings.NumbersServiceWide} distinct numbers service-wide", reasonWindow],
                Subject: "service-wide", DedupKey: $"sms-pumping:all:{bucket}", DedupWindow: window));
        }

        return allowed ? null : windowEnd - now;
    }

    [LoggerMessage(EventId = 5330, Level = LogLevel.Warning, Message = "SMS code to a new number refused: network {Network} reached its distinct-number limit")]
    private static partial void LogRefused(ILogger logger, string network);

    [LoggerMessage(EventId = 5331, Level = LogLevel.Error, Message = "Redis is unreachable: the SMS pumping rule lets the send through")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
