using System.Net;
using Aict.ServiceDefaults.Edge;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>What one counted attempt left behind: the blocks it set or met, and what each rule saw.</summary>
/// <param name="PairUntil">The pair's block end (Unix milliseconds), 0 when it is not blocked.</param>
/// <param name="PairLevel">The pair's block count within the escalation window when this attempt set a block, else 0.</param>
/// <param name="MailOwner">This block is the first of its account's episode: its holder is told.</param>
/// <param name="NetworkStuffed">This attempt crossed the network's threshold for the first time in its window.</param>
/// <param name="SprayStarted">This attempt crossed the spray threshold for the first time in its window.</param>
public sealed record AttackTally(
    long PairUntil, long PairLevel, bool MailOwner,
    long NetworkUntil, long NetworkFailures, long NetworkIdentifiers, bool NetworkStuffed,
    long SprayIdentifiers, bool SprayStarted, long SprayUntil);

/// <summary>
/// The rules' counters in Redis: one script, one round trip, per failed or refused password sign-in. Windows start at
/// a counter's first event (Redis TTL); block ends are computed from the servers' clock and stored as values, so each
/// instance reads how long is left on its own clock. Blocks are published for every instance to copy.
/// </summary>
public sealed class AttackCounters(
    IConnectionMultiplexer redis,
    IOptions<DetectionOptions> detection,
    IOptions<BruteForceOptions> bruteForce,
    IOptions<CredentialStuffingOptions> stuffing,
    IOptions<PasswordSprayOptions> spray,
    TimeProvider clock)
{
    // KEYS: 1 pair failures, 2 pair blocks (hash: level, until), 3 network (hash: n, until, alerted), 4 network identifiers
    // (HyperLogLog), 5 spray identifiers (HyperLogLog), 6 spray flag (its end), 7 account's mail marker.
    // ARGV: 1 mode, 2 now, 3 identifier hash, 4-8 brute force (failures, window, first back-off, maximum, escalation),
    // 9 account known, 10-13 stuffing (failures, identifiers, window, block), 14-15 spray (identifiers, window),
    // 16 channel, 17 pair scope, 18 network scope.
    private const string Count = """
        local now = tonumber(ARGV[2])
        local pairUntil, pairLevel, mail = 0, 0, 0
        local netUntil, netFailures, netIds, netNew = 0, 0, 0, 0
        local sprayIds, sprayNew, sprayUntil = 0, 0, 0
        netFailures = redis.call('HINCRBY', KEYS[3], 'n', 1)
        local netBefore = netFailures - 1
        if redis.call('PTTL', KEYS[3]) < 0 then redis.call('PEXPIRE', KEYS[3], ARGV[12]) end
        redis.call('PFADD', KEYS[4], ARGV[3])
        if redis.call('PTTL', KEYS[4]) < 0 then redis.call('PEXPIRE', KEYS[4], ARGV[12]) end
        netIds = redis.call('PFCOUNT', KEYS[4])
        if netFailures >= tonumber(ARGV[10]) and netIds >= tonumber(ARGV[11]) then
          netUntil = now + tonumber(ARGV[13])
          redis.call('HSET', KEYS[3], 'until', netUntil)
          redis.call('PUBLISH', ARGV[16], ARGV[18] .. '|' .. netUntil)
          netNew = redis.call('HSETNX', KEYS[3], 'alerted', 1)
        end
        if ARGV[1] == 'failure' then
          local blockedUntil = tonumber(redis.call('HGET', KEYS[2], 'until') or '0')
          if blockedUntil > now then
            pairUntil = blockedUntil
          else
            local failures = redis.call('INCR', KEYS[1])
            if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
            if failures >= tonumber(ARGV[4]) then
              redis.call('DEL', KEYS[1])
              pairLevel = redis.call('HINCRBY', KEYS[2], 'level', 1)
              if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[8]) end
              pairUntil = now + math.min(tonumber(ARGV[6]) * 2 ^ math.min(pairLevel - 1, 30), tonumber(ARGV[7]))
              redis.call('HSET', KEYS[2], 'until', pairUntil)
              redis.call('PUBLISH', ARGV[16], ARGV[17] .. '|' .. pairUntil)
              if ARGV[9] == '1' and redis.call('SET', KEYS[7], 1, 'PX', ARGV[8], 'NX') then mail = 1 end
            end
          end
          if netBefore < tonumber(ARGV[10]) then
            redis.call('PFADD', KEYS[5], ARGV[3])
            local ttl = redis.call('PTTL', KEYS[5])
            if ttl <= 0 then
              redis.call('PEXPIRE', KEYS[5], ARGV[15])
              ttl = tonumber(ARGV[15])
            end
            sprayIds = redis.call('PFCOUNT', KEYS[5])
            if sprayIds >= tonumber(ARGV[14]) and redis.call('SET', KEYS[6], now + ttl, 'PX', ttl, 'NX') then sprayNew = 1 end
          end
          sprayUntil = tonumber(redis.call('GET', KEYS[6]) or '0')
        end
        return { pairUntil, pairLevel, mail, netUntil, netFailures, netIds, netNew, sprayIds, sprayNew, sprayUntil }
        """;

    /// <summary>The spray flag's key: its value is the flag's end (Unix milliseconds).</summary>
    public string SprayFlagKey => detection.Value.KeyPrefix + "spray:flag";

    public string Channel => detection.Value.KeyPrefix + "blocks";

    /// <summary>Counts a failed password check (<paramref name="checkedPassword"/>) or an attempt refused unchecked.</summary>
    /// <exception cref="RedisException">Redis is unreachable.</exception>
    public async Task<AttackTally> CountAsync(bool checkedPassword, string identifierHash, string? userId, IPAddress address)
    {
        var prefix = detection.Value.KeyPrefix;
        var (brute, stuff, spraying) = (bruteForce.Value, stuffing.Value, spray.Value);
        var counting = ClientAddress.CountingKey(address);
        var network = ClientAddress.Network(address);
        var owner = userId is null ? "none" : AttackSubjects.IdentifierHash(userId);
        RedisKey[] keys =
        [
            $"{prefix}bf:{identifierHash}:{counting}", $"{prefix}bf:{identifierHash}:{counting}:blocks",
            $"{prefix}net:{network}", $"{prefix}net:{network}:ids",
            $"{prefix}spray:ids", SprayFlagKey, $"{prefix}bf:mail:{owner}",
        ];
        RedisValue[] values =
        [
            checkedPassword ? "failure" : "refused", clock.GetUtcNow().ToUnixTimeMilliseconds(), identifierHash,
            brute.Failures, Milliseconds(brute.Window), Milliseconds(brute.FirstBackOff), Milliseconds(brute.MaximumBackOff),
            Milliseconds(brute.EscalationWindow), userId is null ? 0 : 1,
            stuff.Failures, stuff.DistinctIdentifiers, Milliseconds(stuff.Window), Milliseconds(stuff.Block),
            spraying.DistinctIdentifiers, Milliseconds(spraying.Window),
            Channel, AttackSubjects.PairScope(identifierHash, address), AttackSubjects.NetworkScope(network),
        ];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Count, keys, values))!;
        return new AttackTally(
            (long)result[0], (long)result[1], (long)result[2] == 1,
            (long)result[3], (long)result[4], (long)result[5], (long)result[6] == 1,
            (long)result[7], (long)result[8] == 1, (long)result[9]);
    }

    /// <summary>The fleet's spray flag: its end in Unix milliseconds, 0 when there is none.</summary>
    public async Task<long> ReadSprayUntilAsync() =>
        (long?)await redis.GetDatabase().StringGetAsync(SprayFlagKey) ?? 0;

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
