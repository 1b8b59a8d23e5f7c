using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>
/// Checks authenticator-app codes (RFC 6238: SHA-1, 6 digits, 30 s steps) with one step of clock
/// drift either way, refusing a step already used and limiting attempts per user.
/// </summary>
public sealed partial class TotpVerifier(
    ApplicationDbContext db, TotpSecretProtector secrets, TimeProvider time, ILogger<TotpVerifier> logger)
{
    private static readonly VerificationWindow OneStepEitherWay = new(previous: 1, future: 1);

    /// <summary>Checks a code against the user's confirmed authenticator.</summary>
    public Task<TotpCheckResult> VerifyAsync(ApplicationUser user, string code, CancellationToken cancellationToken = default) =>
        CheckAsync(user.Id, code, confirmed: true, cancellationToken);

    internal async Task<TotpCheckResult> CheckAsync(string userId, string code, bool confirmed, CancellationToken cancellationToken)
    {
        var authenticator = await db.TotpAuthenticators.AsNoTracking()
            .SingleOrDefaultAsync(t => t.UserId == userId && (t.ConfirmedAt != null) == confirmed, cancellationToken);
        if (authenticator is null)
        {
            return TotpCheckResult.NotEnrolled;
        }

        var now = time.GetUtcNow();
        if (!await new TotpAttemptLimit(db).TryClaimAsync(userId, now, cancellationToken))
        {
            LogTooManyAttempts(logger, userId);
            return TotpCheckResult.TooManyAttempts;
        }

        var totp = new OtpNet.Totp(secrets.Unprotect(authenticator.ProtectedSecret));
        var digits = string.Concat(code.Where(c => !char.IsWhiteSpace(c)));
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit) || !totp.VerifyTotp(now.UtcDateTime, digits, out var step, OneStepEitherWay))
        {
            return TotpCheckResult.Invalid;
        }

        // Conditional on the step (and the secret, in case a new enrolment began meanwhile): of two
        // concurrent uses of one code, only one moves LastUsedTimeStep forward.
        var accepted = await db.TotpAuthenticators
            .Where(t => t.UserId == userId && t.LastUsedTimeStep < step && t.ProtectedSecret == authenticator.ProtectedSecret)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.LastUsedTimeStep, step)
                .SetProperty(t => t.FailedAttempts, 0)
                .SetProperty(t => t.AttemptWindowStartedAt, (DateTimeOffset?)null), cancellationToken);
        if (accepted == 0)
        {
            LogReplayRefused(logger, userId);
            return TotpCheckResult.Replayed;
        }

        return TotpCheckResult.Valid;
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Warning, Message = "TOTP code refused for user {UserId}: its time step was already used")]
    private static partial void LogReplayRefused(ILogger logger, string userId);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "TOTP attempts exhausted for user {UserId}")]
    private static partial void LogTooManyAttempts(ILogger logger, string userId);
}
