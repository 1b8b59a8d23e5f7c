using System.Globalization;
using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Users;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.PasswordReset;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// Administrators create, read, edit, disable, enable and delete users, and read their activity. Each change
/// is one transaction with its audit event, recorded with the administrator as actor.
/// </summary>
internal static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsersApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/users", CreateAsync);
        admin.MapGet("/users/{userId}", GetAsync);
        admin.MapPut("/users/{userId}", UpdateAsync);
        admin.MapDelete("/users/{userId}", DeleteAsync);
        admin.MapPost("/users/{userId}/disable", DisableAsync);
        admin.MapPost("/users/{userId}/enable", EnableAsync);
        admin.MapGet("/users/{userId}/activity", ActivityAsync);
        admin.MapAdminRolesApi();
        return admin;
    }

    private static async Task<Results<Ok<UserDetails>, ProblemHttpResult>> GetAsync(
        string userId, UserManager<ApplicationUser> users, SessionRegistry sessions, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(userId) is { } user
            ? TypedResults.Ok(await UserDetails.OfAsync(user, users, sessions, cancellationToken))
            : AdminProblems.NoSuchUser();

    /// <summary>Creates the account with the password given, or sends the user a link to choose one.</summary>
    private static async Task<Results<Created<UserDetails>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewUser input, ClaimsPrincipal caller, UserManager<ApplicationUser> users, SessionRegistry sessions, ApplicationDbContext db,
        AuditTrail audit, ResetLinkRequests links, IOptions<ServerOptions> server, TimeProvider time, CancellationToken cancellationToken)
    {
        var email = input.Email!.Trim();
        var now = time.GetUtcNow();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            GivenName = OrNull(input.GivenName),
            FamilyName = OrNull(input.FamilyName),
            Locale = OrNull(input.Locale),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = string.IsNullOrEmpty(input.Password) ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return AdminProblems.Refused(created);
        }

        await audit.RecordAsync(AuditEventTypes.UserCreated, user.Id, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (string.IsNullOrEmpty(input.Password))
        {
            links.Enqueue(new ResetLinkRequest(email, CultureOf(user), server.Value.Issuer!, Welcome: true));
        }

        return TypedResults.Created($"/api/admin/users/{Uri.EscapeDataString(user.Id)}", await UserDetails.OfAsync(user, users, sessions, cancellationToken));
    }

    /// <summary>
    /// Names, e-mail (also the user name), phone and locale. The new address counts as confirmed: the administrator
    /// vouches for it. A new phone number is unconfirmed until its holder verifies it.
    /// </summary>
    private static async Task<Results<Ok<UserDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string userId, UserUpdate input, ClaimsPrincipal caller, UserManager<ApplicationUser> users, SessionRegistry sessions,
        ApplicationDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminProblems.NoSuchUser();
        }

        var email = input.Email!.Trim();
        var phoneNumber = OrNull(input.PhoneNumber);
        var emailChanged = !string.Equals(user.Email, email, StringComparison.Ordinal);
        if (emailChanged)
        {
            user.Email = user.UserName = email;
            user.EmailConfirmed = true;
            await users.UpdateNormalizedEmailAsync(user);
            await users.UpdateNormalizedUserNameAsync(user);
        }

        if (phoneNumber != user.PhoneNumber)
        {
            user.PhoneNumber = phoneNumber;
            user.PhoneNumberConfirmed = false;
        }

        user.GivenName = OrNull(input.GivenName);
        user.FamilyName = OrNull(input.FamilyName);
        user.Locale = OrNull(input.Locale);
        user.UpdatedAt = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Both validate (a taken address is refused) and save; a new stamp ends what was issued for the old address.
        var saved = emailChanged ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            return AdminProblems.Refused(saved);
        }

        await audit.RecordAsync(AuditEventTypes.UserUpdated, user.Id, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await UserDetails.OfAsync(user, users, sessions, cancellationToken));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, UserLifecycle lifecycle, CancellationToken cancellationToken) =>
        SwitchAsync(userId, caller, users, "disable", (user, actor) => lifecycle.DisableAsync(user, actor, cancellationToken), cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> EnableAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, UserLifecycle lifecycle, CancellationToken cancellationToken) =>
        SwitchAsync(userId, caller, users, guardedAction: null, (user, actor) => lifecycle.EnableAsync(user, actor, cancellationToken), cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, UserLifecycle lifecycle, CancellationToken cancellationToken) =>
        SwitchAsync(userId, caller, users, "delete", (user, actor) => lifecycle.DeleteAsync(user, actor, cancellationToken), cancellationToken);

    /// <summary>
    /// Never leaves the realm without an administrator. Not in one transaction with the check: ending the sessions
    /// writes to the revocation outbox through a connection of its own, which a held lock would keep waiting.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> SwitchAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, string? guardedAction,
        Func<ApplicationUser, string, Task<IdentityResult>> change, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminProblems.NoSuchUser();
        }

        if (guardedAction is not null && await LastAdministrator.IsAsync(user, users, cancellationToken))
        {
            return LastAdministrator.Refusal(guardedAction);
        }

        return (await change(user, AccountApi.UserId(caller))).Succeeded ? TypedResults.NoContent() : AdminProblems.ChangedMeanwhile();
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> ActivityAsync(
        string userId, UserManager<ApplicationUser> users, ApplicationDbContext db, CancellationToken cancellationToken, int page = 1)
    {
        if (await users.FindByIdAsync(userId) is null)
        {
            return AdminProblems.NoSuchUser();
        }

        var filter = new AuditFilter { User = userId, Page = page };
        if (filter.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await AuditSearch.PageAsync(db, filter, userId, actorId: null, cancellationToken));
    }

    /// <summary>The language of the user's e-mail: their locale when it names a culture, else the administrator's.</summary>
    private static CultureInfo CultureOf(ApplicationUser user)
    {
        try
        {
            return user.Locale is { } locale ? CultureInfo.GetCultureInfo(locale, predefinedOnly: true) : CultureInfo.CurrentUICulture;
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.CurrentUICulture;
        }
    }

    private static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
