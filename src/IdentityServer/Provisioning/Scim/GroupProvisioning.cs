using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// Groups as roles: creates, renames and deletes roles and changes their members for a provisioning client, each change in
/// one transaction, every grant and revocation of a role audited on the member's account. The <c>admin</c> role is out of
/// reach unless <c>Scim:ManageAdministratorRole</c> is on.
/// </summary>
public sealed class GroupProvisioning(
    RoleManager<IdentityRole> roles,
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    AuditTrail audit,
    IOptions<ScimOptions> options,
    ILogger<GroupProvisioning> logger)
{
    public async Task<IdentityRole> CreateAsync(ScimGroupState state, string clientId, CancellationToken cancellationToken)
    {
        var name = state.DisplayName ?? throw ScimRequest.InvalidValue("displayName is required.");
        EnsureChangeable(name, clientId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var role = new IdentityRole(name);
        UserProvisioning.Check(await roles.CreateAsync(role), ifMatchSent: false);
        await SetMembersAsync(role, state.Members, clientId, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.GroupProvisioned, null, clientId: clientId, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return role;
    }

    public async Task UpdateAsync(IdentityRole role, ScimGroupState state, string clientId, bool ifMatchSent, CancellationToken cancellationToken)
    {
        var name = state.DisplayName ?? throw ScimRequest.InvalidValue("displayName is required.");
        EnsureChangeable(name, clientId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Members first, under the name the store knows; the new name is saved with the new version.
        await SetMembersAsync(role, state.Members, clientId, cancellationToken);
        if (!string.Equals(role.Name, name, StringComparison.Ordinal))
        {
            UserProvisioning.Check(await roles.SetRoleNameAsync(role, name), ifMatchSent);
        }

        // A new version for every change, members included.
        UserProvisioning.Check(await roles.UpdateAsync(role), ifMatchSent);
        await audit.RecordAsync(AuditEventTypes.GroupUpdated, null, clientId: clientId, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(IdentityRole role, string clientId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var userId in await MemberIdsAsync(role, cancellationToken))
        {
            await audit.RecordAsync(AuditEventTypes.RoleRevoked, userId, clientId: clientId, cancellationToken: cancellationToken);
        }

        UserProvisioning.Check(await roles.DeleteAsync(role), ifMatchSent: true);
        await audit.RecordAsync(AuditEventTypes.GroupDeprovisioned, null, clientId: clientId, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Refuses a change to the administrators' role, compared as Identity compares role names (normalised: a look-alike
    /// name that normalises to the same key is the same role).
    /// </summary>
    public void EnsureChangeable(string? roleName, string clientId)
    {
        if (!options.Value.ManageAdministratorRole && roleName is not null && roles.NormalizeKey(roleName) == roles.NormalizeKey(AdminApi.Role))
        {
            ScimLog.AdministratorChangeRefused(logger, clientId, "role", roleName);
            throw new ScimException(StatusCodes.Status403Forbidden, null,
                "The administrators' role cannot be changed over SCIM (Scim:ManageAdministratorRole is off).");
        }
    }

    public Task<List<string>> MemberIdsAsync(IdentityRole role, CancellationToken cancellationToken) =>
        db.UserRoles.Where(membership => membership.RoleId == role.Id).Select(membership => membership.UserId).ToListAsync(cancellationToken);

    private async Task SetMembersAsync(IdentityRole role, HashSet<string> wanted, string clientId, CancellationToken cancellationToken)
    {
        var current = (await MemberIdsAsync(role, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = wanted.Except(current).ToList();
        var joining = await users.Users.Where(user => added.Contains(user.Id)).ToListAsync(cancellationToken);
        if (joining.Count != added.Count)
        {
            var missing = added.Except(joining.Select(user => user.Id)).First();
            throw ScimRequest.InvalidValue($"No user has the id '{missing}'.");
        }

        foreach (var user in joining)
        {
            UserProvisioning.Check(await users.AddToRoleAsync(user, role.Name!), ifMatchSent: false);
            await audit.RecordAsync(AuditEventTypes.RoleGranted, user.Id, clientId: clientId, cancellationToken: cancellationToken);
        }

        foreach (var userId in current.Except(wanted))
        {
            if (await users.FindByIdAsync(userId) is { } user)
            {
                UserProvisioning.Check(await users.RemoveFromRoleAsync(user, role.Name!), ifMatchSent: false);
                await audit.RecordAsync(AuditEventTypes.RoleRevoked, user.Id, clientId: clientId, cancellationToken: cancellationToken);
            }
        }
    }
}
