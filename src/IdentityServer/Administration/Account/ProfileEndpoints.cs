using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>The user's own profile: read it, and change the names and phone number (not the e-mail).</summary>
internal static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder account)
    {
        account.MapGet("/profile", GetProfileAsync);
        account.MapPut("/profile", UpdateProfileAsync);
        return account;
    }

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetProfileAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users) =>
        await users.FindByIdAsync(AccountApi.UserId(caller)) is { } user
            ? TypedResults.Ok(await ProfileView.OfAsync(user, users))
            : NoSuchAccount();

    /// <summary>
    /// Tokens and userinfo read these fields from the user record, so new tokens carry the change; a new
    /// phone number is unconfirmed until verified.
    /// </summary>
    private static async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> UpdateProfileAsync(
        ProfileUpdate update, ClaimsPrincipal caller, UserManager<ApplicationUser> users, TimeProvider time)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return NoSuchAccount();
        }

        user.GivenName = OrNull(update.GivenName);
        user.FamilyName = OrNull(update.FamilyName);
        user.UpdatedAt = time.GetUtcNow();
        var phoneNumber = OrNull(update.PhoneNumber);
        var saved = phoneNumber == user.PhoneNumber
            ? await users.UpdateAsync(user)
            : await users.SetPhoneNumberAsync(user, phoneNumber);
        if (saved.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The profile changed meanwhile",
                detail: "Reload the profile and try again.");
        }

        if (!saved.Succeeded)
        {
            return TypedResults.ValidationProblem(saved.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }

        return TypedResults.Ok(await ProfileView.OfAsync(user, users));
    }

    private static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ProblemHttpResult NoSuchAccount() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account");
}

/// <summary>The user's profile as the portal shows it.</summary>
public sealed record ProfileView(
    string Id,
    string? Email,
    bool EmailConfirmed,
    string? Name,
    string? GivenName,
    string? FamilyName,
    string? PhoneNumber,
    string? Locale,
    bool MfaEnabled,
    bool IsAdministrator)
{
    public static async Task<ProfileView> OfAsync(ApplicationUser user, UserManager<ApplicationUser> users) =>
        new(user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.GivenName, user.FamilyName, user.PhoneNumber,
            user.Locale, user.TwoFactorEnabled, await users.IsInRoleAsync(user, AdminApi.Role));
}

/// <summary>What a user may change in their profile; an empty value clears the field.</summary>
public sealed record ProfileUpdate(
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? GivenName,
    [MaxLength(ProfileUpdate.MaxNameLength, ErrorMessage = "Use at most 100 characters.")] string? FamilyName,
    [RegularExpression(ProfileUpdate.PhoneNumberPattern, ErrorMessage = "Enter the phone number in international form, e.g. +82 10-1234-5678.")]
    string? PhoneNumber)
{
    public const int MaxNameLength = 100;

    /// <summary>E.164 with readable separators: a plus, a country code not starting with 0, 7 to 15 digits in all.</summary>
    public const string PhoneNumberPattern = @"^\s*\+[1-9](?:[ .-]?[0-9]){6,14}\s*$";
}
