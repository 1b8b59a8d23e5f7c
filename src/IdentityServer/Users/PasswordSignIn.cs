using Aict.IdentityServer.Audit;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Users;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>
/// Signs a user in with e-mail and password and starts the SSO session. Unknown e-mails cost the
/// same password hash and follow the same lockout as real ones: the outcome never tells them apart.
/// Each outcome goes to the audit trail; a success records the new session.
/// </summary>
public sealed partial class PasswordSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIns,
    UnknownAccountThrottle unknownAccounts,
    SessionRegistry sessions,
    AuditTrail audit,
    IHttpContextAccessor http,
    TimeProvider time,
    ILogger<PasswordSignIn> logger)
{
    private static string? s_decoyHash;

    public async Task<SignInOutcome> SignInAsync(string email, string password)
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
        var claims = SessionClaims.ForSignIn(time.GetUtcNow(), methods);
        var sessionId = claims.First(c => c.Type == SessionClaims.SessionId).Value;
        await sessions.StartAsync(sessionId, user.Id, methods, http.HttpContext!);
        await signIns.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
        await audit.RecordAsync(AuditEventTypes.SignedIn, user.Id, sessionId);
        LogSignedIn(logger, user.Id, sessionId);
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

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "User {UserId} signed in, session {SessionId}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string sessionId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Failed password sign-in for user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Sign-in refused: user {UserId} is locked out")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Failed sign-in for an e-mail address with no account")]
    private static partial void LogUnknownAccount(ILogger logger);
}
