using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>
/// The signed-in user's own account, for the portal: an access token with the <c>account</c> scope,
/// and only the caller's data.
/// </summary>
public static class AccountApi
{
    public const string Policy = "account-api";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/account").RequireAuthorization(Policy).WithTags("Account");
        account.MapGet("/sessions", ListSessionsAsync);
        account.MapDelete("/sessions/{sessionId}", EndSessionAsync);
        account.MapDelete("/sessions", EndSessionsAsync);
        account.MapPost("/password", ChangePasswordAsync);
        account.MapGet("/activity", ListActivityAsync);
        account.MapProfileEndpoints();
        account.MapEmailEndpoints();
        account.MapConnectedAppsEndpoints();
        account.MapMfaEndpoints();
        account.MapPasskeyEndpoints();
        return app;
    }

    private static async Task<Ok<List<SessionView>>> ListSessionsAsync(
        ClaimsPrincipal caller, SessionRegistry sessions, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var running = await sessions.ListActiveAsync(UserId(caller), cancellationToken);
        return TypedResults.Ok(await AccountViews.SessionsAsync(running, caller.GetClaim(SessionClaims.SessionId), applications, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndSessionAsync(
        string sessionId, ClaimsPrincipal caller, SessionTermination termination, CancellationToken cancellationToken) =>
        await termination.EndAsync(UserId(caller), sessionId, SessionEndReason.EndedByUser, cancellationToken: cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session",
                detail: "You have no running session with this id.");

    /// <summary>Every session ends (sign out everywhere), or every other one with <c>keepCurrent=true</c>.</summary>
    private static async Task<Ok<SessionsEnded>> EndSessionsAsync(
        ClaimsPrincipal caller, SessionTermination termination, AuditTrail audit, CancellationToken cancellationToken, bool keepCurrent = false)
    {
        var userId = UserId(caller);
        var keep = keepCurrent ? caller.GetClaim(SessionClaims.SessionId) : null;
        var ended = await termination.EndAllAsync(userId, SessionEndReason.SignedOutEverywhere, keep, cancellationToken: cancellationToken);
        await audit.RecordAsync(AuditEventTypes.SignedOutEverywhere, userId, caller.GetClaim(SessionClaims.SessionId),
            caller.GetClaim(Claims.ClientId), cancellationToken: cancellationToken);
        return TypedResults.Ok(new SessionsEnded(ended));
    }

    /// <summary>Changes the password; the caller's session stays, every other one ends.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange change, ClaimsPrincipal caller, UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIns,
        SessionTermination termination, AuditTrail audit, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(UserId(caller));
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account");
        }

        // A stolen token must not be a way to guess the password: failures count towards lockout.
        var check = await signIns.CheckPasswordSignInAsync(user, change.CurrentPassword, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account locked",
                detail: "Too many failed attempts; try again later.");
        }

        if (!check.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(PasswordChange.CurrentPassword)] = ["The current password is not correct."],
            });
        }

        var changed = await users.ChangePasswordAsync(user, change.CurrentPassword, change.NewPassword);
        if (!changed.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(PasswordChange.NewPassword)] = [.. changed.Errors.Select(e => e.Description)],
            });
        }

        var current = caller.GetClaim(SessionClaims.SessionId);
        await termination.EndAllAsync(user.Id, SessionEndReason.PasswordChanged, keepSessionId: current, cancellationToken: cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PasswordChanged, user.Id, current, caller.GetClaim(Claims.ClientId),
            cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<ActivityView>>> ListActivityAsync(
        ClaimsPrincipal caller, ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var userId = UserId(caller);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(events.Select(AccountViews.Activity).ToList());
    }

    internal static string UserId(ClaimsPrincipal caller) =>
        caller.GetClaim(Claims.Subject) ?? throw new InvalidOperationException("A validated access token always has a subject.");
}

/// <summary>A password change: the current password proves it is the user, not only their token.</summary>
public sealed record PasswordChange([Required] string CurrentPassword, [Required] string NewPassword);
