using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Protocol.Revocation;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>How many token families an administrator's revocation ended.</summary>
public sealed record ClientTokensRevoked(string ClientId, int Authorizations);

internal static class ClientActions
{
    /// <summary>
    /// Everything issued to a client dies: every user's token family (and consent) for it, and its own
    /// client-credentials tokens, whose subject is the client (RFC 9068 §2.2).
    /// </summary>
    public static async Task<Results<Ok<ClientTokensRevoked>, ProblemHttpResult>> RevokeTokensAsync(
        string clientId,
        ClaimsPrincipal caller,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        RevocationPublisher revocationList,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such client");
        }

        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        var families = new List<string>();
        await foreach (var authorization in authorizations.FindByApplicationIdAsync(applicationId, cancellationToken))
        {
            if (await authorizations.HasStatusAsync(authorization, OpenIddictConstants.Statuses.Valid, cancellationToken))
            {
                families.Add((await authorizations.GetIdAsync(authorization, cancellationToken))!);
            }
        }

        await authorizations.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        foreach (var family in families)
        {
            await revocationList.AuthorizationAsync(family, cancellationToken);
        }

        await revocationList.SubjectAsync(clientId, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientTokensRevoked, userId: null, clientId: clientId,
            actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        return TypedResults.Ok(new ClientTokensRevoked(clientId, families.Count));
    }
}
