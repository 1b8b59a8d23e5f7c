using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Protocol.Registration;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// What administrators do to users and clients from the portal: find, lock, unlock, sign out
/// everywhere, reset MFA, revoke a client's tokens. Each action ends what it must end at once.
/// </summary>
public static class AdminApi
{
    public const string Policy = "admin-api";
    public const string Role = "admin";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policy).WithTags("Administration");
        admin.MapGet("/users", FindUsersAsync);
        admin.MapGet("/users/{userId}/sessions", ListSessionsAsync);
        admin.MapPost("/users/{userId}/lock", LockAsync);
        admin.MapPost("/users/{userId}/unlock", UnlockAsync);
        admin.MapPost("/users/{userId}/sign-out-everywhere", SignOutEverywhereAsync);
        admin.MapPost("/users/{userId}/mfa/reset", ResetMfaAsync);
        admin.MapPost("/clients/{clientId}/revoke-tokens", ClientActions.RevokeTokensAsync);
        admin.MapInitialAccessTokens();
        admin.MapAdminClients();
        admin.MapAdminScopes();
        admin.MapAdminUsersApi();
        admin.MapAdminAuditApi();
        admin.MapAdminAlertsApi();
        return app;
    }

    private static async Task<Ok<List<UserSummary>>> FindUsersAsync(
        UserManager<ApplicationUser> users, SessionRegistry sessions, CancellationToken cancellationToken, string? query = null)
    {
        var normalized = users.NormalizeEmail(query?.Trim() ?? string.Empty);
        var found = await users.Users.AsNoTracking()
            .Where(u => normalized.Length == 0 || u.NormalizedEmail!.Contains(normalized) || u.NormalizedUserName!.Contains(normalized))
            .OrderBy(u => u.NormalizedEmail)
            .Take(50)
            .ToListAsync(cancellationToken);
        var summaries = new List<UserSummary>(found.Count);
        foreach (var user in found)
        {
            summaries.Add(await UserSummary.OfAsync(user, users, sessions, cancellationToken));
        }

        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Ok<List<SessionView>>, ProblemHttpResult>> ListSessionsAsync(
        string userId, UserManager<ApplicationUser> users, SessionRegistry sessions, IOpenIddictApplicationManager applications,
        CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is null)
        {
            return NoSuchUser();
        }

        var running = await sessions.ListActiveAsync(userId, cancellationToken);
        return TypedResults.Ok(await AccountViews.SessionsAsync(running, currentSessionId: null, applications, cancellationToken));
    }

    /// <summary>Locks the account until unlocked, and ends everything it has running; never the last administrator's.</summary>
    private static async Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> LockAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, SessionTermination termination, AuditTrail audit,
        CancellationToken cancellationToken) =>
        await users.FindByIdAsync(userId) is { } target && await LastAdministrator.IsAsync(target, users, cancellationToken)
            ? LastAdministrator.Refusal("lock")
            : await ActOnUserAsync(userId, caller, users, audit, AuditEventTypes.AccountLocked, async user =>
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, AdministratorLock.End);
            return await termination.EndAllAsync(user.Id, SessionEndReason.AccountLocked, actorId: AccountApi.UserId(caller),
                cancellationToken: cancellationToken);
        });

    private static Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> UnlockAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, AuditTrail audit, CancellationToken cancellationToken) =>
        ActOnUserAsync(userId, caller, users, audit, AuditEventTypes.AccountUnlocked, async user =>
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return 0;
        });

    private static Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> SignOutEverywhereAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, SessionTermination termination, AuditTrail audit,
        CancellationToken cancellationToken) =>
        ActOnUserAsync(userId, caller, users, audit, AuditEventTypes.SignedOutEverywhere, user =>
            termination.EndAllAsync(user.Id, SessionEndReason.EndedByAdmin, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken));

    /// <summary>Removes every second factor; whoever held one must not keep a session it protected.</summary>
    private static Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> ResetMfaAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, MfaFactorRemoval factors, SessionTermination termination,
        AuditTrail audit, CancellationToken cancellationToken) =>
        ActOnUserAsync(userId, caller, users, audit, AuditEventTypes.MfaReset, async user =>
        {
            await factors.RemoveAllAsync(user, cancellationToken);
            await users.SetTwoFactorEnabledAsync(user, false);
            return await termination.EndAllAsync(user.Id, SessionEndReason.MfaReset, actorId: AccountApi.UserId(caller),
                cancellationToken: cancellationToken);
        });

    private static async Task<Results<Ok<SessionsEnded>, ProblemHttpResult>> ActOnUserAsync(
        string userId, ClaimsPrincipal caller, UserManager<ApplicationUser> users, AuditTrail audit, string auditType,
        Func<ApplicationUser, Task<int>> action)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NoSuchUser();
        }

        var ended = await action(user);
        await audit.RecordAsync(auditType, user.Id, actorId: AccountApi.UserId(caller));
        return TypedResults.Ok(new SessionsEnded(ended));
    }

    private static ProblemHttpResult NoSuchUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user");
}

/// <summary>A user as the admin page lists them.</summary>
public sealed record UserSummary(
    string Id, string? Email, string? Name, bool LockedOut, DateTimeOffset? LockoutEnd, bool MfaEnabled, int ActiveSessions, bool Disabled)
{
    public static async Task<UserSummary> OfAsync(
        ApplicationUser user, UserManager<ApplicationUser> users, SessionRegistry sessions, CancellationToken cancellationToken) =>
        new(user.Id, user.Email, user.DisplayName, await users.IsLockedOutAsync(user), user.LockoutEnd, user.TwoFactorEnabled,
            (await sessions.ListActiveAsync(user.Id, cancellationToken)).Count, user.Disabled);
}
