using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// The realm keeps someone who can administer it: the only administrator able to act (in the role, neither
/// disabled nor locked by an administrator) cannot lose the role, be disabled, locked or deleted. Since only
/// an administrator can ask, that is an administrator acting on themselves.
/// </summary>
internal static class LastAdministrator
{
    public const string ProblemType = "urn:aict:problem:last-administrator";

    /// <summary>
    /// A transaction in which the check and a role revocation happen with no other revocation in between: on
    /// PostgreSQL the admin role's row stays locked until the end; SQLite admits one writer at a time anyway.
    /// Two administrators taking the role from each other at the same instant cannot both succeed.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            var role = AdminApi.Role.ToUpperInvariant();
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetRoles\" WHERE \"NormalizedName\" = {role} FOR UPDATE", cancellationToken);
        }

        return transaction;
    }

    /// <summary>Whether <paramref name="user"/> is the only administrator able to act.</summary>
    public static async Task<bool> IsAsync(ApplicationUser user, UserManager<ApplicationUser> users, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!CanAct(user) || !await users.IsInRoleAsync(user, AdminApi.Role))
        {
            return false;
        }

        var administrators = await users.GetUsersInRoleAsync(AdminApi.Role);
        return !administrators.Any(other => other.Id != user.Id && CanAct(other));
    }

    public static ProblemHttpResult Refusal(string action) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemType, title: "The last administrator",
            detail: $"This is the only administrator who can act: make someone else an administrator before you {action} this account.");

    private static bool CanAct(ApplicationUser user) => !user.Disabled && !AdministratorLock.IsOn(user);
}
