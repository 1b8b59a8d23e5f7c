using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Attacks;
using Aict.IdentityServer.Detection.Risk;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.Users;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>The password was right and the account has a second factor: the MFA challenge comes next.</summary>
    SecondFactorRequired,
    Failed,
    LockedOut,

    /// <summary>Too many failures from the client's address, or from everyone: nothing was checked.</summary>
    Throttled,

    /// <summary>The password was right, but the account's e-mail address is not verified yet: no session.</summary>
    EmailNotVerified,

    /// <summary>The password was right, but the sign-in's risk level is configured to block: no session.</summary>
    Blocked,
}

/// <summary>The outcome, and for <see cref="SignInOutcome.Throttled"/> how long to wait.</summary>
public readonly record struct SignInAttempt(SignInOutcome Outcome, TimeSpan? RetryAfter = null);

/// <summary>
/// Signs a user in with e-mail and password and starts the SSO session. An unknown e-mail and a
/// locked account cost the same password hash as a real check, and the sign-in page answers every
/// refusal alike, so neither time nor text tells which addresses have accounts or are locked.
/// Failures also count towards the per-address and global throttles (<see cref="FailureThrottle"/>) and the attack
/// rules (<see cref="AttackDetection"/>), both checked in memory before anything else; a refused attempt still counts
/// towards its network's attack total. Each outcome goes to the audit trail, except a throttled attempt, which
/// checked nothing, and the right password of an unverified account, which starts nothing: both are only logged. An account with a second factor gets no session yet: it owes the
/// factor (<see cref="SecondFactorSignIn"/>). An account whose address awaits verification gets no session
/// either; only after the right password does it hear why (<see cref="AccountStanding.AwaitsVerification"/>). The right
/// password is then weighed by <see cref="SignInRisk"/>: its response may ask a second factor of any account, or block.
/// </summary>
public sealed partial class PasswordSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIns,
    SessionSignIn sessionSignIn,
    SecondFactorSignIn secondFactor,
    AccountChangeNotices notices,
    FailureThrottle throttle,
    AttackDetection attacks,
    SignInRisk risk,
    AuditTrail audit,
    AictMetrics metrics,
    ILogger<PasswordSignIn> logger)
{
    private static string? s_decoyHash;

    public async Task<SignInAttempt> SignInAsync(string email, string password, IPAddress? clientAddress)
    {
        if ((throttle.RetryAfter(ThrottledAction.SignIn, clientAddress) ?? await attacks.PasswordRefusalAsync(email, clientAddress)) is { } wait)
        {
            await attacks.RecordRefusedAttemptAsync(email, clientAddress);
            LogThrottled(logger);
            metrics.SignIn(SignInMethods.Password, SignInResults.Throttled);
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        }

        var (outcome, userId) = await CheckAsync(email, password);
        if (outcome is SignInOutcome.Failed or SignInOutcome.LockedOut)
        {
            await throttle.RecordFailureAsync(ThrottledAction.SignIn, clientAddress);
            await attacks.RecordPasswordFailureAsync(email, userId, clientAddress);
        }

        metrics.SignIn(SignInMethods.Password, MetricResult(outcome));
        return new SignInAttempt(outcome);
    }

    private static string MetricResult(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.Succeeded => SignInResults.Success,
        SignInOutcome.SecondFactorRequired => SignInResults.MfaRequired,
        SignInOutcome.LockedOut => SignInResults.Locked,
        SignInOutcome.Throttled => SignInResults.Throttled,
        SignInOutcome.Blocked => SignInResults.Blocked,
        _ => SignInResults.Failure,
    };

    private async Task<(SignInOutcome Outcome, string? UserId)> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            SpendDecoyCheck(password);
            LogUnknownAccount(logger);
            await audit.RecordAsync(AuditEventTypes.SignInFailed, userId: null, outcome: AuditOutcomes.Failure);
            return (SignInOutcome.Failed, null);
        }

        // Identity refuses a locked account before it looks at the password: spend the check's cost anyway.
        var wasLockedOut = await users.IsLockedOutAsync(user);
        var result = await signIns.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsNotAllowed && !wasLockedOut && AccountStanding.AwaitsVerification(user))
        {
            return (await CheckUnverifiedAsync(user, password), user.Id);
        }

        if (wasLockedOut || result.IsNotAllowed)
        {
            SpendDecoyCheck(password);
        }

        if (result.IsLockedOut)
        {
            if (!wasLockedOut)
            {
                notices.NoteLockout(user.Id);
            }

            LogLockedOut(logger, user.Id);
            await audit.RecordAsync(AuditEventTypes.LockedOut, user.Id, outcome: AuditOutcomes.Failure);
            return (SignInOutcome.LockedOut, user.Id);
        }

        if (!result.Succeeded)
        {
            LogFailed(logger, user.Id);
            await audit.RecordAsync(AuditEventTypes.SignInFailed, user.Id, outcome: AuditOutcomes.Failure);
            return (SignInOutcome.Failed, user.Id);
        }

        string[] methods = [AuthenticationMethods.Password];
        // The risk of this sign-in may ask a second factor of a password-only account (enrolment, when it has none), or refuse it.
        var decision = await risk.AssessAsync(user, multiFactor: false, sessionFollows: !user.TwoFactorEnabled);
        if (decision == RiskDecision.Block)
        {
            return (SignInOutcome.Blocked, user.Id);
        }

        if (user.TwoFactorEnabled || decision == RiskDecision.SecondFactor)
        {
            await secondFactor.BeginAsync(user, methods);
            return (SignInOutcome.SecondFactorRequired, user.Id);
        }

        await sessionSignIn.SignInAsync(user, methods);
        return (SignInOutcome.Succeeded, user.Id);
    }

    // Identity refused before the password: this is the real check (its cost stands in for the decoy's), and a
    // wrong password counts towards lockout as anywhere else.
    private async Task<SignInOutcome> CheckUnverifiedAsync(ApplicationUser user, string password)
    {
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            LogFailed(logger, user.Id);
            await audit.RecordAsync(AuditEventTypes.SignInFailed, user.Id, outcome: AuditOutcomes.Failure);
            return SignInOutcome.Failed;
        }

        LogNotVerified(logger, user.Id);
        return SignInOutcome.EmailNotVerified;
    }

    // The same password-hash work as a real check, so response time does not reveal a miss or a lock.
    private void SpendDecoyCheck(string password)
    {
        s_decoyHash ??= users.PasswordHasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), s_decoyHash, password);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Failed password sign-in for user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is locked out")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Password sign-in refused unchecked: too many failures from the address or overall")]
    private static partial void LogThrottled(ILogger logger);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Sign-in of user {UserId} stopped: the e-mail address is not verified yet")]
    private static partial void LogNotVerified(ILogger logger, string userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Failed sign-in for an e-mail address with no account")]
    private static partial void LogUnknownAccount(ILogger logger);
}
