using System.Security.Claims;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Protocol.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>The apps the portal launches, and the apps the user has let in (consents), one of which the user can revoke.</summary>
internal static class ConnectedAppsEndpoints
{
    public static RouteGroupBuilder MapConnectedAppsEndpoints(this RouteGroupBuilder account)
    {
        account.MapGet("/apps", ListAppsAsync);
        account.MapGet("/consents", ListConsentsAsync);
        account.MapDelete("/consents/{clientId}", RevokeConsentAsync);
        return account;
    }

    /// <summary>Every client that registered an <c>initiate_login_uri</c>, except the caller: it is already open.</summary>
    private static async Task<Ok<List<AppLaunchView>>> ListAppsAsync(
        ClaimsPrincipal caller, IOpenIddictApplicationManager applications, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        // The token's own issuer: OpenIddict validated it against this server's.
        var issuer = caller.GetClaim(Claims.Issuer) ?? throw new InvalidOperationException("A validated access token always has an issuer.");
        var callerClientId = caller.GetClaim(Claims.ClientId);
        var apps = new List<AppLaunchView>();
        // Read the whole list first: PostgreSQL runs one command at a time per connection.
        foreach (var application in await applications.ListAsync(count: null, offset: null, cancellationToken).ToListAsync(cancellationToken))
        {
            var clientId = await applications.GetClientIdAsync(application, cancellationToken);
            var registration = InitiateLoginRegistration.Read(
                await applications.GetPropertiesAsync(application, cancellationToken), requireHttps: !environment.IsDevelopment());
            if (registration is null || clientId is null || clientId == callerClientId)
            {
                continue;
            }

            var name = await applications.GetLocalizedDisplayNameAsync(application, cancellationToken) ?? clientId;
            apps.Add(new AppLaunchView(clientId, name, registration.LaunchUri(issuer)));
        }

        return TypedResults.Ok(apps.OrderBy(a => a.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    private static async Task<Ok<List<ConsentView>>> ListConsentsAsync(
        ClaimsPrincipal caller, ConsentRevocation consents, CancellationToken cancellationToken) =>
        TypedResults.Ok(await consents.ListAsync(AccountApi.UserId(caller), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeConsentAsync(
        string clientId, ClaimsPrincipal caller, ConsentRevocation consents, CancellationToken cancellationToken) =>
        await consents.RevokeAsync(AccountApi.UserId(caller), clientId, caller.GetClaim(SessionClaims.SessionId), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such connected app",
                detail: "You have not granted this application access.");
}

/// <summary>An app of the launcher: opening <see cref="LaunchUri"/> makes the app sign the user in, through SSO.</summary>
public sealed record AppLaunchView(string ClientId, string DisplayName, Uri LaunchUri);

/// <summary>An app the user has let in, with every scope granted to it and since when.</summary>
public sealed record ConsentView(string ClientId, string DisplayName, IReadOnlyList<string> Scopes, DateTimeOffset? GrantedAt);
