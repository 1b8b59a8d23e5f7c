using System.Globalization;
using System.Security.Cryptography;
using Aict.IdentityServer.Detection.Abuse;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// Six-digit one-time codes sent by SMS for enrolling a phone and for signing in: random, short-lived,
/// single-use, stored hashed, with send limits per user and per number and a cap on wrong tries.
/// </summary>
public sealed partial class SmsCodes(
    SmsCodeStore store,
    SmsSendLimiter limiter,
    SmsPumpingRule pumping,
    MfaFatigueRule fatigue,
    ISmsSender sender,
    IStringLocalizer<SharedResource> text,
    IOptions<SmsOptions> options,
    AictMetrics metrics,
    ILogger<SmsCodes> logger)
{
    /// <summary>Sends a new code to the number (any earlier live code of the user and purpose stops working).</summary>
    public async Task<SmsSendResult> SendAsync(
        string userId, string phoneNumber, SmsCodePurpose purpose, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!E164PhoneNumber.TryNormalize(phoneNumber, out var number))
        {
            return SmsSendResult.InvalidNumber;
        }

        try
        {
            return await SendCodeAsync(userId, number, purpose, culture, cancellationToken);
        }
        catch (RedisException exception)
        {
            // Codes and limits live in Redis: without it no code can be checked, so none is sent.
            LogStoreUnavailable(logger, exception, userId);
            return SmsSendResult.Failed;
        }
    }

    private async Task<SmsSendResult> SendCodeAsync(
        string userId, string number, SmsCodePurpose purpose, CultureInfo culture, CancellationToken cancellationToken)
    {
        // A user whose sign-ins pile up unfinished (MFA fatigue) and a network texting ever new numbers (SMS pumping) wait as for the send limit.
        var paused = purpose == SmsCodePurpose.SignIn ? await fatigue.SmsPausedForAsync(userId) : null;
        if ((paused ?? await pumping.RefusalAsync(number) ?? await limiter.TryTakeAsync(userId, number)) is { } retryAfter)
        {
            LogTooManySends(logger, userId);
            return SmsSendResult.TooManySends(retryAfter);
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        await store.ReplaceAsync(userId, purpose, code);
        var delivery = await sender.SendAsync(new SmsMessage(number, Message(code, culture)), cancellationToken);
        if (delivery != SmsDelivery.Sent)
        {
            // The code never reached the phone: leave nothing that could be guessed.
            await store.DeleteAsync(userId, purpose);
            return delivery == SmsDelivery.InvalidNumber ? SmsSendResult.InvalidNumber : SmsSendResult.Failed;
        }

        LogSent(logger, userId, purpose);
        if (purpose == SmsCodePurpose.SignIn)
        {
            await fatigue.SignInCodeSentAsync(userId);
            metrics.MfaChallenge(MfaChallengeFactors.Sms, MfaChallengeResults.Sent);
        }

        return SmsSendResult.Sent;
    }

    /// <summary>Checks a code; a valid one is used up at once, so two concurrent checks cannot both pass.</summary>
    public async Task<SmsCodeVerification> VerifyAsync(string userId, SmsCodePurpose purpose, string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var candidate = (code ?? string.Empty).Trim();
        var result = candidate.Length == 6 && candidate.All(char.IsAsciiDigit)
            ? await store.VerifyAsync(userId, purpose, candidate)
            : SmsCodeVerification.Invalid;
        LogVerified(logger, userId, purpose, result);
        return result;
    }

    private string Message(string code, CultureInfo culture)
    {
        var minutes = (int)Math.Max(1, Math.Ceiling(options.Value.CodeLifetime.TotalMinutes));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            return text["SmsCodeMessage", code, minutes];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [LoggerMessage(EventId = 2820, Level = LogLevel.Information, Message = "SMS code for {Purpose} sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId, SmsCodePurpose purpose);

    [LoggerMessage(EventId = 2821, Level = LogLevel.Warning, Message = "SMS send limit reached for user {UserId} or their number")]
    private static partial void LogTooManySends(ILogger logger, string userId);

    [LoggerMessage(EventId = 2823, Level = LogLevel.Error, Message = "No SMS code sent to user {UserId}: Redis is unavailable")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 2822, Level = LogLevel.Information, Message = "SMS code for {Purpose} checked for user {UserId}: {Result}")]
    private static partial void LogVerified(ILogger logger, string userId, SmsCodePurpose purpose, SmsCodeVerification result);
}
