using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Users;

/// <summary>
/// Switching an account off and removing it, whoever asks (the admin console, SCIM, the realm tools):
/// the account's state changes first, then every session ends, every token family dies and the
/// revocation list refuses the access tokens already out, so nothing the user held keeps working.
/// </summary>
public sealed class UserLifecycle(
    UserManager<ApplicationUser> users,
    SessionTermination termination,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>Disables the account; an already disabled one is left as it is.</summary>
    public async Task<IdentityResult> DisableAsync(ApplicationUser user, string? actorId, CancellationToken cancellationToken = default)
    {
        if (user.Disabled)
        {
            return IdentityResult.Success;
        }

        user.Disabled = true;
        user.UpdatedAt = time.GetUtcNow();
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result;
        }

        await EndEverythingAsync(user.Id, SessionEndReason.AccountDisabled, actorId, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.AccountDisabled, user.Id, actorId: actorId, cancellationToken: cancellationToken);
        return result;
    }

    public async Task<IdentityResult> EnableAsync(ApplicationUser user, string? actorId, CancellationToken cancellationToken = default)
    {
        if (!user.Disabled)
        {
            return IdentityResult.Success;
        }

        user.Disabled = false;
        user.UpdatedAt = time.GetUtcNow();
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditEventTypes.AccountEnabled, user.Id, actorId: actorId, cancellationToken: cancellationToken);
        }

        return result;
    }

    /// <summary>Ends everything the user holds, then deletes the account; its audit events stay.</summary>
    public async Task<IdentityResult> DeleteAsync(ApplicationUser user, string? actorId, CancellationToken cancellationToken = default)
    {
        await EndEverythingAsync(user.Id, SessionEndReason.AccountDeleted, actorId, cancellationToken);
        var result = await users.DeleteAsync(user);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditEventTypes.AccountDeleted, user.Id, actorId: actorId, cancellationToken: cancellationToken);
        }

        return result;
    }

    private async Task EndEverythingAsync(string userId, SessionEndReason reason, string? actorId, CancellationToken cancellationToken)
    {
        // Also publishes the subject's not-before time: every access token already out is refused.
        await termination.EndAllAsync(userId, reason, actorId: actorId, cancellationToken: cancellationToken);
        // Families outside any session (consents, grants from before sessions were tracked) die too.
        var families = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(userId, cancellationToken))
        {
            families.Add(authorization);
        }

        foreach (var authorization in families)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
            await tokens.RevokeByAuthorizationIdAsync((await authorizations.GetIdAsync(authorization, cancellationToken))!, cancellationToken);
        }
    }
}
