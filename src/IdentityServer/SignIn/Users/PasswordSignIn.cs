using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.Mfa;
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
}

/// <summary>The outcome, and for <see cref="SignInOutcome.Throttled"/> how long to wait.</summary>
public readonly record struct SignInAttempt(SignInOutcome Outcome, TimeSpan? RetryAfter = null);

/// <summary>
/// Signs a user in with e-mail and password and starts the SSO session. Unknown e-mails cost the
/// same password hash and follow the same lockout as real ones: the outcome never tells them apart.
/// Failures also count towards the per-address and global throttles (<see cref="FailureThrottle"/>), checked
/// in memory before anything else. Each outcome goes to the audit trail, except a throttled attempt, which checked
/// nothing and is only logged. An account with a second factor gets no session yet: it owes the factor
/// (<see cref="SecondFactorSignIn"/>).
/// </summary>
public sealed partial class PasswordSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIns,
    UnknownAccountThrottle unknownAccounts,
    SessionSignIn sessionSignIn,
    SecondFactorSignIn secondFactor,
    FailureThrottle throttle,
    AuditTrail audit,
    ILogger<PasswordSignIn> logger)
{
    private static string? s_decoyHash;

    public async Task<SignInAttempt> SignInAsync(string email, string password, IPAddress? clientAddress)
    {
        if (throttle.RetryAfter(ThrottledAction.SignIn, clientAddress) is { } wait)
        {
            LogThrottled(logger);
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        }

        var outcome = await CheckAsync(email, password);
        if (outcome is SignInOutcome.Failed or SignInOutcome.LockedOut)
        {
            await throttle.RecordFailureAsync(ThrottledAction.SignIn, clientAddress);
        }

        return new SignInAttempt(outcome);
    }

    private async Task<SignInOutcome> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var outcome = FailUnknownAccount(users.NormalizeEmail(email), password);
            await audit.RecordAsync(AuditEventTypes.SignInFailed, userId: null);
            return outcome;
        }

        var result = await signIns.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            LogLockedOut(logger, user.Id);
            await audit.RecordAsync(AuditEventTypes.LockedOut, user.Id);
            return SignInOutcome.LockedOut;
        }

        if (!result.Succeeded)
        {
            LogFailed(logger, user.Id);
            await audit.RecordAsync(AuditEventTypes.SignInFailed, user.Id);
            return SignInOutcome.Failed;
        }

        string[] methods = [AuthenticationMethods.Password];
        if (user.TwoFactorEnabled)
        {
            await secondFactor.BeginAsync(user, methods);
            return SignInOutcome.SecondFactorRequired;
        }

        await sessionSignIn.SignInAsync(user, methods);
        return SignInOutcome.Succeeded;
    }

    private SignInOutcome FailUnknownAccount(string normalizedEmail, string password)
    {
        // Spend the same PBKDF2 work as a real check so response time does not reveal the miss.
        s_decoyHash ??= users.PasswordHasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), s_decoyHash, password);

        if (unknownAccounts.IsLockedOut(normalizedEmail) || unknownAccounts.RecordFailure(normalizedEmail))
        {
            return SignInOutcome.LockedOut;
        }

        LogUnknownAccount(logger);
        return SignInOutcome.Failed;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Failed password sign-in for user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is locked out")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Password sign-in refused unchecked: too many failures from the address or overall")]
    private static partial void LogThrottled(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Failed sign-in for an e-mail address with no account")]
    private static partial void LogUnknownAccount(ILogger logger);
}
