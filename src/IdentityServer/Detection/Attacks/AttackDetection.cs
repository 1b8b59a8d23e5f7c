using System.Globalization;
using System.Net;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Alerts;
using Aict.ServiceDefaults.Edge;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Guessing attacks on passwords: brute force on one identifier from one address, credential stuffing from one network,
/// password spraying across the service. Asked before a password is checked (in memory, no I/O), told of every failure
/// and of every attempt refused unchecked (one Redis round trip each). Attempts without a client address are not counted:
/// there is nothing to block. Without Redis the rules fail open (logged); the account lockout still holds.
/// </summary>
public sealed partial class AttackDetection(
    AttackBlocks blocks,
    AttackCounters counters,
    AccountNotices<BruteForceNotice> notices,
    SecurityAlerts alerts,
    IOptions<DetectionOptions> detection,
    IOptions<BruteForceOptions> bruteForce,
    IOptions<CredentialStuffingOptions> stuffing,
    IOptions<PasswordSprayOptions> spray,
    TimeProvider clock,
    ILogger<AttackDetection> logger)
{
    /// <inheritdoc cref="AttackBlocks.SprayInProgress"/>
    public bool SprayInProgress => blocks.SprayInProgress;

    /// <summary>How long password sign-ins for this identifier from this address must wait; null when they may go ahead.</summary>
    public ValueTask<TimeSpan?> PasswordRefusalAsync(string identifier, IPAddress? address)
    {
        if (!detection.Value.Enabled || address is null || !blocks.AnyActive)
        {
            return ValueTask.FromResult<TimeSpan?>(null);
        }

        var pair = blocks.RetryAfter(AttackSubjects.PairScope(AttackSubjects.IdentifierHash(identifier), address));
        var network = blocks.RetryAfter(AttackSubjects.NetworkScope(ClientAddress.Network(address)));
        return ValueTask.FromResult(pair > network || network is null ? pair : network);
    }

    /// <summary>A wrong password (or an unknown identifier, or a locked account) from this address.</summary>
    public Task RecordPasswordFailureAsync(string identifier, string? userId, IPAddress? address) =>
        CountAsync(checkedPassword: true, identifier, userId, address);

    /// <summary>
    /// An attempt refused before its password was checked (a throttle or a block): it counts towards its network's total,
    /// since an attacker who keeps hammering is still attacking.
    /// </summary>
    public Task RecordRefusedAttemptAsync(string identifier, IPAddress? address) =>
        CountAsync(checkedPassword: false, identifier, userId: null, address);

    private async Task CountAsync(bool checkedPassword, string identifier, string? userId, IPAddress? address)
    {
        if (!detection.Value.Enabled || address is null)
        {
            return;
        }

        var hash = AttackSubjects.IdentifierHash(identifier);
        AttackTally tally;
        try
        {
            tally = await counters.CountAsync(checkedPassword, hash, userId, address);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCountersUnavailable(logger, exception);
            return;
        }

        var network = ClientAddress.Network(address);
        blocks.BlockUntil(AttackSubjects.PairScope(hash, address), tally.PairUntil);
        blocks.BlockUntil(AttackSubjects.NetworkScope(network), tally.NetworkUntil);
        if (checkedPassword)
        {
            blocks.SetSprayUntil(tally.SprayUntil);
        }

        if (tally.PairLevel > 0)
        {
            await BruteForceAsync(tally, hash, userId, address);
        }

        if (tally.NetworkStuffed)
        {
            await CredentialStuffingAsync(tally, network, address);
        }

        if (tally.SprayStarted)
        {
            await PasswordSprayAsync(tally);
        }
    }

    private async Task BruteForceAsync(AttackTally tally, string hash, string? userId, IPAddress address)
    {
        var settings = bruteForce.Value;
        var blockedFor = TimeSpan.FromMilliseconds(tally.PairUntil - clock.GetUtcNow().ToUnixTimeMilliseconds());
        var counting = ClientAddress.CountingKey(address);
        LogPairBlocked(logger, userId, counting, tally.PairLevel, (long)Math.Ceiling(blockedFor.TotalSeconds));
        if (tally.MailOwner && userId is not null)
        {
            notices.Enqueue(new BruteForceNotice(userId, counting, settings.Failures, CultureInfo.CurrentUICulture, clock.GetUtcNow()));
        }

        await RaiseAsync(new SecurityAlertDraft(
            SecurityAlertTypes.BruteForce,
            AlertSeverities.Medium,
            [
                $"{settings.Failures} failed password sign-ins within {Words(settings.Window)} for one identifier from {counting}",
                $"that identifier is refused from {counting} for {Words(blockedFor)} (block {tally.PairLevel} within {Words(settings.EscalationWindow)})",
                userId is null ? "the identifier has no account" : "the identifier is an account; its holder is told by e-mail once per episode",
            ],
            UserId: userId,
            Subject: userId ?? "unknown identifier " + hash[..16],
            Address: address,
            DedupKey: $"{SecurityAlertTypes.BruteForce}:{hash}:{counting}",
            DedupWindow: settings.EscalationWindow));
    }

    private async Task CredentialStuffingAsync(AttackTally tally, string network, IPAddress address)
    {
        var settings = stuffing.Value;
        LogNetworkBlocked(logger, network, tally.NetworkFailures, tally.NetworkIdentifiers);
        await RaiseAsync(new SecurityAlertDraft(
            SecurityAlertTypes.CredentialStuffing,
            AlertSeverities.High,
            [
                $"{tally.NetworkFailures} failed or refused password sign-ins from {network} within {Words(settings.Window)}",
                $"about {tally.NetworkIdentifiers} distinct identifiers tried",
                $"password sign-ins from {network} are refused for {Words(settings.Block)}, renewed while attempts go on",
            ],
            Subject: network,
            Address: address,
            DedupKey: $"{SecurityAlertTypes.CredentialStuffing}:{network}",
            DedupWindow: settings.Window));
    }

    private async Task PasswordSprayAsync(AttackTally tally)
    {
        var settings = spray.Value;
        LogSpray(logger, tally.SprayIdentifiers);
        await RaiseAsync(new SecurityAlertDraft(
            SecurityAlertTypes.PasswordSpray,
            AlertSeverities.High,
            [
                $"about {tally.SprayIdentifiers} distinct identifiers failed password sign-in within {Words(settings.Window)} across the service",
                "no single network crossed the credential-stuffing threshold: no address can be blocked",
            ],
            Subject: "service-wide",
            DedupKey: SecurityAlertTypes.PasswordSpray,
            DedupWindow: settings.Window));
    }

    // The failure is counted and the block set whatever happens here: a store that is down must not turn a refusal into an error page.
    private async Task RaiseAsync(SecurityAlertDraft draft)
    {
        try
        {
            await alerts.RaiseAsync(draft);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAlertFailed(logger, draft.Type, exception);
        }
    }

    private static string Words(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(int)span.TotalDays} d"
        : span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(int)span.TotalHours} h"
        : span.TotalMinutes >= 1 ? $"{(int)Math.Ceiling(span.TotalMinutes)} min"
        : $"{(int)Math.Ceiling(span.TotalSeconds)} s";

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning,
        Message = "Brute force: password sign-ins for one identifier (user {UserId}) from {Address} blocked, block {Level}, for {Seconds} s")]
    private static partial void LogPairBlocked(ILogger logger, string? userId, string address, long level, long seconds);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Credential stuffing: password sign-ins from {Network} blocked after {Failures} failures over about {Identifiers} identifiers")]
    private static partial void LogNetworkBlocked(ILogger logger, string network, long failures, long identifiers);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Password spray: about {Identifiers} distinct identifiers failing across the service")]
    private static partial void LogSpray(ILogger logger, long identifiers);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error,
        Message = "Redis is unreachable: a password sign-in attempt was not counted by the attack rules (they fail open; the account lockout still applies)")]
    private static partial void LogCountersUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "Could not raise the {AlertType} alert; the block stands")]
    private static partial void LogAlertFailed(ILogger logger, string alertType, Exception exception);
}
