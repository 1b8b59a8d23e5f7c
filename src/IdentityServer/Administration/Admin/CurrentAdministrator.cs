using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// The caller is an administrator now, not only when the token was issued: a demoted admin's token,
/// or one locked by another administrator, stops working at once.
/// </summary>
internal sealed class CurrentAdministrator(UserManager<ApplicationUser> users)
    : AuthorizationHandler<CurrentAdministrator.Requirement>
{
    public sealed class Requirement : IAuthorizationRequirement;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
    {
        if (context.User.GetClaim(Claims.Subject) is { } userId
            && await users.FindByIdAsync(userId) is { } user
            && !AdministratorLock.IsOn(user)
            && await users.IsInRoleAsync(user, AdminApi.Role))
        {
            context.Succeed(requirement);
        }
    }
}
