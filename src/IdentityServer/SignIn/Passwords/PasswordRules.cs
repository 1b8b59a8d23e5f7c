using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Passwords;

/// <summary>
/// NIST SP 800-63B-4 §3.1.1.2 for every password a UserManager sets (creation, change, reset): a minimum and a
/// generous maximum length in code points, no composition rules, and none of the blocked or context-specific
/// passwords. The messages say which rule failed and never quote the list.
/// </summary>
public sealed class PasswordRules(
    BlockedPasswords blocked, IOptions<PasswordPolicyOptions> options, IStringLocalizer<SharedResource> text)
    : IPasswordValidator<ApplicationUser>
{
    // The service's own names, as letters: "Aict2026!" and "AictIdentity" are guessed first.
    private static readonly string[] s_serviceWords = ["aict", "aictidentity", "aictid"];

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        var policy = options.Value;
        password ??= string.Empty;
        if (!PasswordText.IsWellFormed(password))
        {
            return Refuse("PasswordNotText", text["PasswordNotText"]);
        }

        var normalized = PasswordText.Normalize(password);
        var length = PasswordText.Length(normalized);
        var minimum = !user.TwoFactorEnabled && policy.MinimumLengthWithoutSecondFactor is { } withoutFactor
            ? Math.Max(withoutFactor, policy.MinimumLength)
            : policy.MinimumLength;
        if (length < minimum)
        {
            return Refuse("PasswordTooShort", text["PasswordTooShort", minimum]);
        }

        if (length > policy.MaximumLength)
        {
            return Refuse("PasswordTooLong", text["PasswordTooLong", policy.MaximumLength]);
        }

        if (IsAboutTheAccount(normalized, user))
        {
            return Refuse("PasswordAboutAccount", text["PasswordAboutAccount"]);
        }

        return blocked.Contains(normalized)
            ? Refuse("PasswordTooCommon", text["PasswordTooCommon"])
            : Task.FromResult(IdentityResult.Success);
    }

    // The user name, the e-mail address or its local part, or the service's name, however decorated with digits and symbols.
    private static bool IsAboutTheAccount(string normalized, ApplicationUser user)
    {
        var letters = PasswordText.Letters(normalized);
        if (letters.Length == 0)
        {
            return false;
        }

        string?[] accountWords = [user.UserName, user.Email, user.Email?.Split('@')[0]];
        return s_serviceWords.Contains(letters, StringComparer.Ordinal)
            || accountWords.Any(word => !string.IsNullOrEmpty(word)
                && (string.Equals(normalized, word, StringComparison.OrdinalIgnoreCase) || letters == PasswordText.Letters(word)));
    }

    private static Task<IdentityResult> Refuse(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}
