using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// The realm keeps someone who can administer it: the only administrator able to act (in the role, neither
/// disabled nor locked by an administrator) cannot lose the role, be disabled, locked or deleted. Since only
/// an administrator can ask, that is an administrator acting on themselves.
/// </summary>
internal static class LastAdministrator
{
    public const string ProblemType = "urn:aict:problem:last-administrator";

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
