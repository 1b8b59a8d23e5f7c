using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Users;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// Creates, changes and deletes accounts for a provisioning client, each change in one transaction and audited with the
/// client's id. A new password ends the user's sessions as a password change does; <c>active: false</c> and deletion go
/// through <see cref="UserLifecycle"/>, which ends every session and token at once.
/// </summary>
public sealed class UserProvisioning(
    UserManager<ApplicationUser> users,
    ApplicationDbContext db,
    UserLifecycle lifecycle,
    SessionTermination termination,
    AuditTrail audit,
    IOptions<ScimOptions> options,
    TimeProvider time,
    ILogger<UserProvisioning> logger)
{
    public async Task<ApplicationUser> CreateAsync(ScimUserState state, string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new ApplicationUser
        {
            UserName = state.UserName,
            Email = state.RequireEmail(),
            // The provisioning system vouches for the address.
            EmailConfirmed = true,
            Disabled = state.Active == false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        state.ApplyProfile(user);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One write: the account and its password together, or neither.
        Check(state.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, state.Password), ifMatchSent: false);
        await audit.RecordAsync(AuditEventTypes.UserProvisioned, user.Id, clientId: clientId, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// Stores the attributes and a new password in one transaction; then, once that is committed, ends the sessions a new
    /// password ends and switches the account off or on. Those steps revoke tokens through their own database scopes, which
    /// must not wait on this request's open transaction.
    /// </summary>
    public async Task UpdateAsync(ApplicationUser user, ScimUserState state, string clientId, bool ifMatchSent, CancellationToken cancellationToken)
    {
        var email = state.RequireEmail();
        var passwordChanged = false;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                user.EmailConfirmed = true;
            }

            user.UserName = state.UserName;
            user.Email = email;
            state.ApplyProfile(user);
            user.UpdatedAt = time.GetUtcNow();

            // The same password again (clients that send it with every update) is no change: the user's sessions stay.
            if (state.Password is { } password && !await users.CheckPasswordAsync(user, password))
            {
                if (await users.HasPasswordAsync(user))
                {
                    Check(await users.RemovePasswordAsync(user), ifMatchSent);
                }

                Check(await users.AddPasswordAsync(user, password), ifMatchSent);
                await audit.RecordAsync(AuditEventTypes.PasswordChanged, user.Id, clientId: clientId, cancellationToken: cancellationToken);
                passwordChanged = true;
            }
            else
            {
                Check(await users.UpdateAsync(user), ifMatchSent);
            }

            await audit.RecordAsync(AuditEventTypes.UserUpdated, user.Id, clientId: clientId, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (passwordChanged)
        {
            await termination.EndAllAsync(user.Id, SessionEndReason.PasswordChanged, cancellationToken: cancellationToken);
        }

        if (state.Active is { } active && active == user.Disabled)
        {
            Check(active
                ? await lifecycle.EnableAsync(user, actorId: null, cancellationToken)
                : await lifecycle.DisableAsync(user, actorId: null, cancellationToken), ifMatchSent: false);
        }
    }

    /// <summary>Ends everything the user holds and deletes the account (<see cref="UserLifecycle.DeleteAsync"/>), then audits the client.</summary>
    public async Task DeleteAsync(ApplicationUser user, string clientId, CancellationToken cancellationToken)
    {
        Check(await lifecycle.DeleteAsync(user, actorId: null, cancellationToken), ifMatchSent: false);
        await audit.RecordAsync(AuditEventTypes.UserDeprovisioned, user.Id, clientId: clientId, cancellationToken: cancellationToken);
    }

    /// <summary>Administrators' accounts are out of a provisioning client's reach unless <c>Scim:ManageAdministratorRole</c> is on.</summary>
    public async Task EnsureChangeableAsync(ApplicationUser user, string clientId)
    {
        if (!options.Value.ManageAdministratorRole && await users.IsInRoleAsync(user, AdminApi.Role))
        {
            ScimLog.AdministratorChangeRefused(logger, clientId, "user", user.Id);
            throw new ScimException(StatusCodes.Status403Forbidden, null,
                "Administrators' accounts cannot be changed over SCIM (Scim:ManageAdministratorRole is off).");
        }
    }

    /// <summary>Identity's refusals as SCIM errors: a taken name or address is 409 <c>uniqueness</c>, a broken rule 400 <c>invalidValue</c> with its text.</summary>
    internal static void Check(IdentityResult result, bool ifMatchSent)
    {
        if (result.Succeeded)
        {
            return;
        }

        var codes = result.Errors.Select(error => error.Code).ToList();
        var describer = new IdentityErrorDescriber();
        if (codes.Contains(describer.ConcurrencyFailure().Code))
        {
            throw ifMatchSent
                ? ScimRequest.PreconditionFailed()
                : new ScimException(StatusCodes.Status409Conflict, null, "The resource changed while this request ran; read it and try again.");
        }

        var detail = string.Join(" ", result.Errors.Select(error => error.Description));
        if (codes.Any(code => code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)
                or nameof(IdentityErrorDescriber.DuplicateRoleName)))
        {
            throw new ScimException(StatusCodes.Status409Conflict, ScimErrorTypes.Uniqueness, detail);
        }

        throw ScimRequest.InvalidValue(detail);
    }
}
