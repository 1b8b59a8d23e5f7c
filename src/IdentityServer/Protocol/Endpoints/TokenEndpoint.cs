using System.Security.Claims;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// The token endpoint after OpenIddict has authenticated the client and validated the grant:
/// builds the principal for client credentials, and re-checks the user for codes and refresh tokens.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, IOpenIddictScopeManager scopes)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            return SignIn(await TokenPrincipalFactory.CreateForClientAsync(scopes, request.ClientId!, request.GetScopes(), context.RequestAborted));
        }

        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return OAuthResults.Error(Errors.UnsupportedGrantType, "The grant type is not supported.");
        }

        // Resolved here rather than bound: a client-credentials grant, the hot path, never builds Identity's managers.
        var services = context.RequestServices;
        return await RedeemUserGrantAsync(
            context,
            request,
            services.GetRequiredService<SignInManager<ApplicationUser>>(),
            services.GetRequiredService<TokenPrincipalFactory>(),
            services.GetRequiredService<SessionRegistry>(),
            services.GetRequiredService<IOptions<TokenLifetimeOptions>>().Value,
            services.GetRequiredService<TimeProvider>());
    }

    private static async Task<IResult> RedeemUserGrantAsync(
        HttpContext context,
        OpenIddictRequest request,
        SignInManager<ApplicationUser> signIns,
        TokenPrincipalFactory principals,
        SessionRegistry sessions,
        TokenLifetimeOptions lifetimes,
        TimeProvider time)
    {
        // The principal stored in the code or refresh token, already validated (expiry, redemption, client binding).
        var grant = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
        var sessionId = request.IsRefreshTokenGrantType() ? grant.GetClaim(SessionClaims.SessionId) : null;
        var subject = await principals.FindUserWithRolesAsync(grant.GetClaim(Claims.Subject)!, sessionId, context.RequestAborted);
        // An administrator's lock ends the grant; a lockout after failed sign-ins does not, or anyone could sign the user out.
        if (subject is not { User: var user } || !await signIns.CanSignInAsync(user) || AdministratorLock.IsOn(user))
        {
            return OAuthResults.Error(Errors.InvalidGrant, "The grant is no longer valid.");
        }

        if (sessionId is not null && subject.SessionLastActivityAt is { } lastActivityAt)
        {
            // An app refreshing its tokens is the user being active: it keeps the SSO session from going idle.
            await sessions.RecordActivityAsync(sessionId, user.Id, lastActivityAt, context.RequestAborted);
        }

        var identity = await principals.CreateAsync(subject, grant, grant.GetScopes(), ClaimsRequest.From(grant), context.RequestAborted);

        return RefreshTokenFamily.TrySetNextLifetime(identity, grant, lifetimes, time.GetUtcNow())
            ? SignIn(identity)
            : OAuthResults.Error(Errors.InvalidGrant, "The refresh token has reached its absolute lifetime.");
    }

    private static IResult SignIn(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
