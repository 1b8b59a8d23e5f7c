using System.ComponentModel.DataAnnotations;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>Everything the console shows about one user.</summary>
public sealed record UserDetails(
    string Id,
    string? Email,
    bool EmailConfirmed,
    string? Name,
    string? GivenName,
    string? FamilyName,
    string? PhoneNumber,
    string? Locale,
    bool Disabled,
    bool LockedOut,
    DateTimeOffset? LockoutEnd,
    bool MfaEnabled,
    int ActiveSessions,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt)
{
    public static async Task<UserDetails> OfAsync(
        ApplicationUser user, UserManager<ApplicationUser> users, SessionRegistry sessions, CancellationToken cancellationToken) =>
        new(user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.GivenName, user.FamilyName, user.PhoneNumber, user.Locale,
            user.Disabled, await users.IsLockedOutAsync(user), user.LockoutEnd, user.TwoFactorEnabled,
            (await sessions.ListActiveAsync(user.Id, cancellationToken)).Count,
            [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)], user.CreatedAt);
}

/// <summary>
/// A user an administrator creates. Without <see cref="Password"/> the user receives a link to choose one;
/// the address counts as confirmed either way: the administrator vouches for it.
/// </summary>
public sealed record NewUser(
    [Required(ErrorMessage = "Enter the e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [MaxLength(UserUpdate.MaxEmailLength, ErrorMessage = "Use at most 256 characters.")]
    string? Email,
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? GivenName,
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? FamilyName,
    [MaxLength(UserUpdate.MaxPasswordLength, ErrorMessage = "Use at most 256 characters.")] string? Password,
    [RegularExpression(UserUpdate.LocalePattern, ErrorMessage = "Enter a language tag such as ko-KR or en-US.")] string? Locale);

/// <summary>What an administrator may change in a user's profile; an empty optional value clears the field.</summary>
public sealed record UserUpdate(
    [Required(ErrorMessage = "Enter the e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [MaxLength(UserUpdate.MaxEmailLength, ErrorMessage = "Use at most 256 characters.")]
    string? Email,
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? GivenName,
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? FamilyName,
    [RegularExpression(ProfileUpdate.PhoneNumberPattern, ErrorMessage = "Enter the phone number in international form, e.g. +82 10-1234-5678.")]
    string? PhoneNumber,
    [RegularExpression(UserUpdate.LocalePattern, ErrorMessage = "Enter a language tag such as ko-KR or en-US.")] string? Locale)
{
    public const int MaxEmailLength = 256;
    public const int MaxPasswordLength = 256;

    /// <summary>A BCP 47 tag of the usual shape: a language, then optional script, region or variant subtags.</summary>
    public const string LocalePattern = "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$";
}

/// <summary>A role and how many users hold it.</summary>
public sealed record RoleView(string Name, int Users);

/// <summary>A role to create.</summary>
public sealed record NewRole(
    [Required(ErrorMessage = "Enter the role's name.")]
    [RegularExpression(NewRole.NamePattern, ErrorMessage = "Use 1 to 64 lower-case letters, digits, '-', '_', '.' or ':', starting with a letter or digit.")]
    string? Name)
{
    public const string NamePattern = "^[a-z0-9][a-z0-9_.:-]{0,63}$";
}
