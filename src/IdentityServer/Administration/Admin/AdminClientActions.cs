using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// What an administrator does to a client beyond editing it: a new secret (the old one stops working at once),
/// disable (every token it holds revoked; <see cref="DisabledClientRefusal"/> refuses it from then on), enable,
/// delete (<see cref="ClientRetirement"/>). The portal's own client is never switched off from the console.
/// </summary>
internal static class AdminClientActions
{
    public static async Task<Results<Ok<AdminClientSecret>, ProblemHttpResult>> RotateSecretAsync(
        string clientId, ClaimsPrincipal caller, IOpenIddictApplicationManager applications, AuditTrail audit, AdminChanges changes,
        CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return AdminProblems.NotFound("No such client");
        }

        if (AdminClients.IsProtected(clientId))
        {
            return PortalClientProtected("given a new secret");
        }

        var metadata = ClientDescriptors.Describe(await AdminClients.DescribeAsync(applications, application, cancellationToken));
        if (!metadata.NeedsSecret)
        {
            return AdminProblems.Conflict($"{clientId} does not authenticate with a client secret ({metadata.EffectiveAuthMethod}).");
        }

        var secret = AdminClients.NewSecret();
        await using var change = await changes.BeginAsync(cancellationToken);
        // Stores the new hash and forgets the remembered application: the old secret no longer matches anything.
        await applications.UpdateAsync(application, secret, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientSecretRotated, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
            cancellationToken: cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.Ok(new AdminClientSecret(clientId, secret));
    }

    /// <summary>
    /// Switches the client off and revokes everything issued to it. Asking again for a disabled client revokes again
    /// (nothing is recorded twice), so a disable cut short is completed by repeating it.
    /// </summary>
    public static async Task<Results<Ok<AdminClient>, ProblemHttpResult>> DisableAsync(
        string clientId, ClaimsPrincipal caller, IOpenIddictApplicationManager applications, ClientRetirement retirement, AuditTrail audit,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return AdminProblems.NotFound("No such client");
        }

        if (AdminClients.IsProtected(clientId))
        {
            return PortalClientProtected("disabled");
        }

        var descriptor = await AdminClients.DescribeAsync(applications, application, cancellationToken);
        var wasDisabled = ClientDisabling.IsDisabled(descriptor);
        await using var change = await changes.BeginAsync(cancellationToken);
        if (!wasDisabled)
        {
            // The flag first: from here no new token is issued, so none escapes the revocation that follows.
            ClientDisabling.Set(descriptor, disabled: true);
            await applications.UpdateAsync(application, descriptor, cancellationToken);
            await audit.RecordAsync(AuditEventTypes.ClientDisabled, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
                cancellationToken: cancellationToken);
        }

        await retirement.RevokeTokensAsync(application, cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.Ok(AdminClients.View(descriptor));
    }

    public static async Task<Results<Ok<AdminClient>, ProblemHttpResult>> EnableAsync(
        string clientId, ClaimsPrincipal caller, IOpenIddictApplicationManager applications, AuditTrail audit, AdminChanges changes,
        CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return AdminProblems.NotFound("No such client");
        }

        var descriptor = await AdminClients.DescribeAsync(applications, application, cancellationToken);
        if (!ClientDisabling.IsDisabled(descriptor))
        {
            return TypedResults.Ok(AdminClients.View(descriptor));
        }

        ClientDisabling.Set(descriptor, disabled: false);
        await using var change = await changes.BeginAsync(cancellationToken);
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientEnabled, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
            cancellationToken: cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.Ok(AdminClients.View(descriptor));
    }

    /// <summary>Revokes everything issued to the client, then removes it: its id and secret no longer authenticate.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string clientId, ClaimsPrincipal caller, IOpenIddictApplicationManager applications, ClientRetirement retirement, AuditTrail audit,
        AdminChanges changes, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return AdminProblems.NotFound("No such client");
        }

        if (AdminClients.IsProtected(clientId))
        {
            return PortalClientProtected("deleted");
        }

        await using var change = await changes.BeginAsync(cancellationToken);
        await retirement.DeleteAsync(application, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientDeleted, userId: null, clientId: clientId, actorId: AccountApi.UserId(caller),
            cancellationToken: cancellationToken);
        await change.CommitAsync(clientId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult PortalClientProtected(string what) =>
        AdminProblems.Conflict(
            $"{AdminClients.PortalClientId} is the portal's own client: it cannot be {what} from the console, or nobody could sign in to the portal.");
}
