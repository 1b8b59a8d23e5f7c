using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.SignUp;

public enum EmailChangeOutcome
{
    Applied,

    /// <summary>Tampered, expired, already used, or opened while signed in as someone else.</summary>
    LinkInvalid,

    /// <summary>Another account took the address after the link was sent.</summary>
    AddressTaken,
}

/// <summary>
/// Uses the e-mailed links: confirms a new account's address, or moves an account to its new address. Each check
/// and change is one write that also rotates the security stamp, so a link works once and a second click (or a
/// concurrent one, refused by the concurrency stamp) finds it used.
/// </summary>
public sealed partial class EmailVerification(
    UserManager<ApplicationUser> users, AuditTrail audit, TimeProvider time, ILogger<EmailVerification> logger)
{
    /// <summary>The account whose sign-up link this is, when the link would still confirm it; otherwise null.</summary>
    public async Task<ApplicationUser?> SignUpLinkAsync(string? userId, string? token) =>
        string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || await users.FindByIdAsync(userId) is not { EmailConfirmed: false } user
            || !await users.VerifyUserTokenAsync(user, VerificationLinkTokens.ProviderName, VerificationLinkTokens.SignUpPurpose, token)
            ? null
            : user;

    public async Task<bool> ConfirmSignUpAsync(string? userId, string? token, CancellationToken cancellationToken)
    {
        if (await SignUpLinkAsync(userId, token) is not { } user)
        {
            return false;
        }

        user.EmailConfirmed = true;
        user.SecurityStamp = VerificationLinkTokens.NewSecurityStamp();
        user.UpdatedAt = time.GetUtcNow();
        if (!(await users.UpdateAsync(user)).Succeeded)
        {
            return false;
        }

        await audit.RecordAsync(AuditEventTypes.EmailVerified, user.Id, cancellationToken: cancellationToken);
        LogVerified(logger, user.Id);
        return true;
    }

    /// <summary>
    /// The account an e-mail change link moves, when it would still work and the person opening it is signed in
    /// as that account (a link sent to a mistyped address is no use to whoever receives it); otherwise null.
    /// </summary>
    public async Task<ApplicationUser?> ChangeLinkAsync(string? signedInUserId, string? userId, string? newEmail, string? token) =>
        string.IsNullOrEmpty(userId) || userId != signedInUserId || string.IsNullOrEmpty(newEmail) || string.IsNullOrEmpty(token)
            || await users.FindByIdAsync(userId) is not { } user
            || !await users.VerifyUserTokenAsync(user, VerificationLinkTokens.ProviderName, VerificationLinkTokens.ChangePurpose(users.NormalizeEmail(newEmail)), token)
            ? null
            : user;

    public async Task<EmailChangeOutcome> ApplyChangeAsync(
        string? signedInUserId, string? userId, string? newEmail, string? token, CancellationToken cancellationToken)
    {
        if (await ChangeLinkAsync(signedInUserId, userId, newEmail, token) is not { } user)
        {
            return EmailChangeOutcome.LinkInvalid;
        }

        // The e-mail is also the user name; UpdateAsync normalises both and refuses an address another account holds.
        user.Email = user.UserName = newEmail;
        user.EmailConfirmed = true;
        user.SecurityStamp = VerificationLinkTokens.NewSecurityStamp();
        user.UpdatedAt = time.GetUtcNow();
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return saved.Errors.Any(error => error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? EmailChangeOutcome.AddressTaken
                : EmailChangeOutcome.LinkInvalid;
        }

        await audit.RecordAsync(AuditEventTypes.EmailChanged, user.Id, cancellationToken: cancellationToken);
        LogChanged(logger, user.Id);
        return EmailChangeOutcome.Applied;
    }

    /// <summary>Whether Identity accepts the address as a user name (its allowed characters); checked before anything is queued.</summary>
    public bool IsUsable(string email) =>
        users.Options.User.AllowedUserNameCharacters is not { Length: > 0 } allowed || email.All(allowed.Contains);

    [LoggerMessage(EventId = 2360, Level = LogLevel.Information, Message = "User {UserId} verified the e-mail address")]
    private static partial void LogVerified(ILogger logger, string userId);

    [LoggerMessage(EventId = 2361, Level = LogLevel.Information, Message = "User {UserId} moved the account to a verified new e-mail address")]
    private static partial void LogChanged(ILogger logger, string userId);
}
