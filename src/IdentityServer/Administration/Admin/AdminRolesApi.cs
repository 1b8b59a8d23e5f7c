using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>Roles and who holds them. The <c>admin</c> role cannot be deleted, nor taken from the last administrator.</summary>
internal static class AdminRolesApi
{
    public static RouteGroupBuilder MapAdminRolesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/roles", ListAsync);
        admin.MapPost("/roles", CreateAsync);
        admin.MapDelete("/roles/{role}", DeleteAsync);
        admin.MapPut("/users/{userId}/roles/{role}", GrantAsync);
        admin.MapDelete("/users/{userId}/roles/{role}", RevokeAsync);
        return admin;
    }

    private static async Task<Ok<List<RoleView>>> ListAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking()
            .OrderBy(r => r.Name)
            .Select(r => new { r.Name, Users = db.UserRoles.Count(ur => ur.RoleId == r.Id) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(roles.Select(r => new RoleView(r.Name!, r.Users)).ToList());
    }

    private static async Task<Results<Created<RoleView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewRole input, ClaimsPrincipal caller, RoleManager<IdentityRole> roles, ApplicationDbContext db, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var name = input.Name!;
        if (await roles.RoleExistsAsync(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The role exists",
                detail: $"There is already a role named '{name}'.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await roles.CreateAsync(new IdentityRole(name));
        if (!created.Succeeded)
        {
            return AdminProblems.Refused(created);
        }

        await audit.RecordAsync(AuditEventTypes.RoleCreated, userId: null, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/roles/{Uri.EscapeDataString(name)}", new RoleView(name, 0));
    }

    /// <summary>Only a role nobody holds: taking it from its members is a decision per user, not a side effect.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string role, ClaimsPrincipal caller, RoleManager<IdentityRole> roles, UserManager<ApplicationUser> users, ApplicationDbContext db,
        AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!IsRoleName(role) || await roles.FindByNameAsync(role) is not { } found)
        {
            return NoSuchRole();
        }

        if (found.Name == AdminApi.Role)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The administrator role stays",
                detail: "The administrator role cannot be deleted.");
        }

        if ((await users.GetUsersInRoleAsync(found.Name!)).Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The role has members",
                detail: "Remove the role from its users before deleting it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await roles.DeleteAsync(found);
        if (!deleted.Succeeded)
        {
            return AdminProblems.Refused(deleted);
        }

        await audit.RecordAsync(AuditEventTypes.RoleDeleted, userId: null, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> GrantAsync(
        string userId, string role, ClaimsPrincipal caller, UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles,
        ApplicationDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminProblems.NoSuchUser();
        }

        if (!IsRoleName(role) || !await roles.RoleExistsAsync(role))
        {
            return NoSuchRole();
        }

        if (await users.IsInRoleAsync(user, role))
        {
            return TypedResults.NoContent();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var granted = await users.AddToRoleAsync(user, role);
        if (!granted.Succeeded)
        {
            return AdminProblems.Refused(granted);
        }

        await audit.RecordAsync(AuditEventTypes.RoleGranted, user.Id, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string userId, string role, ClaimsPrincipal caller, UserManager<ApplicationUser> users, ApplicationDbContext db, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        await using var transaction = await LastAdministrator.BeginAsync(db, cancellationToken);
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminProblems.NoSuchUser();
        }

        if (!IsRoleName(role) || !await users.IsInRoleAsync(user, role))
        {
            return NoSuchRole();
        }

        if (role == AdminApi.Role && await LastAdministrator.IsAsync(user, users, cancellationToken))
        {
            return LastAdministrator.Refusal("remove the administrator role from");
        }

        var revoked = await users.RemoveFromRoleAsync(user, role);
        if (!revoked.Succeeded)
        {
            return AdminProblems.Refused(revoked);
        }

        await audit.RecordAsync(AuditEventTypes.RoleRevoked, user.Id, actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    // Roles made elsewhere (SCIM groups, realm import) may be named more freely than the console's new ones.
    private static bool IsRoleName(string role) => role.Length is > 0 and <= 256;

    private static ProblemHttpResult NoSuchRole() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such role");
}
