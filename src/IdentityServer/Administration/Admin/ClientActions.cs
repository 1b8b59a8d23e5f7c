using System.Security.Claims;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>How many token families an administrator's revocation ended.</summary>
public sealed record ClientTokensRevoked(string ClientId, int Authorizations);

internal static class ClientActions
{
    /// <summary>Everything issued to a client dies (<see cref="ClientRetirement"/>).</summary>
    public static async Task<Results<Ok<ClientTokensRevoked>, ProblemHttpResult>> RevokeTokensAsync(
        string clientId,
        ClaimsPrincipal caller,
        IOpenIddictApplicationManager applications,
        ClientRetirement retirement,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such client");
        }

        var families = await retirement.RevokeTokensAsync(application, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientTokensRevoked, userId: null, clientId: clientId,
            actorId: AccountApi.UserId(caller), cancellationToken: cancellationToken);
        return TypedResults.Ok(new ClientTokensRevoked(clientId, families));
    }
}
