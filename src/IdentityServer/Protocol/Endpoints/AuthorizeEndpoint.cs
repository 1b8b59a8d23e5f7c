using System.Security.Claims;
using Aict.IdentityServer.Protocol.Consent;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// The authorization endpoint after OpenIddict has validated the client, redirect URI, PKCE and
/// scopes: decides whether the user must sign in or consent, then issues the code.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context,
        UserManager<ApplicationUser> users,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        TokenPrincipalFactory principals,
        SessionRegistry sessions,
        MfaRequirement mfa,
        ITempDataDictionaryFactory tempData,
        TimeProvider time)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        if (!ClaimsRequest.TryParse((string?)request[Parameters.Claims], out var claimsRequest))
        {
            return OAuthResults.Error(Errors.InvalidRequest, "The 'claims' parameter is not a valid JSON claims request.");
        }

        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || await MustSignInAgainAsync(context, request, session.Principal, time))
        {
            return request.HasPromptValue(PromptValues.None)
                ? OAuthResults.Error(Errors.LoginRequired, "The user must sign in.")
                : Results.Challenge(
                    new AuthenticationProperties { RedirectUri = AuthorizeRequestUrl.AfterSignIn(context.Request) },
                    [IdentityConstants.ApplicationScheme]);
        }

        // The user and their roles in one query (the roles go into the tokens).
        var subject = users.GetUserId(session.Principal) is { } userId
            ? await principals.FindUserWithRolesAsync(userId, sessionId: null, context.RequestAborted)
            : null;
        if (subject is not { User: var user })
        {
            // The session outlived its account: sign in again.
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = AuthorizeRequestUrl.AfterSignIn(context.Request) },
                [IdentityConstants.ApplicationScheme]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("OpenIddict validated a client that no longer exists.");
        if (!session.Principal.IsMultiFactor() && await NeedsSecondFactorAsync(request, user, application, mfa, context.RequestAborted))
        {
            // Step-up: the running session adds a second factor (or enrols one); no new password.
            return request.HasPromptValue(PromptValues.None)
                ? OAuthResults.Error(Errors.InteractionRequired, "The user must complete multi-factor authentication.")
                : Results.Redirect("/Account/Mfa?ReturnUrl=" + Uri.EscapeDataString(AuthorizeRequestUrl.AfterSignIn(context.Request)));
        }

        var applicationId = (await applications.GetIdAsync(application))!;
        var scopes = request.GetScopes();
        var consented = await authorizations.FindAsync(
            subject: user.Id,
            client: applicationId,
            status: Statuses.Valid,
            type: AuthorizationTypes.Permanent,
            scopes: scopes).AnyAsync();

        var consentType = await applications.GetConsentTypeAsync(application);
        var needsConsent = consentType is ConsentTypes.Explicit or ConsentTypes.Systematic
            && (!consented || consentType == ConsentTypes.Systematic || request.HasPromptValue(PromptValues.Consent));
        if (consentType == ConsentTypes.External && !consented)
        {
            return OAuthResults.Error(Errors.ConsentRequired, "An administrator has not granted this application access.");
        }

        if (needsConsent)
        {
            if (ConsentDecision.WasDenied(tempData.GetTempData(context), request.ClientId!))
            {
                return OAuthResults.Error(Errors.AccessDenied, "The user denied the request.");
            }

            if (request.HasPromptValue(PromptValues.None))
            {
                return OAuthResults.Error(Errors.ConsentRequired, "The user must consent to this request.");
            }

            return Results.Redirect(ConsentDecision.PageUrl(AuthorizeRequestUrl.AfterConsent(context.Request)));
        }

        var identity = await principals.CreateAsync(subject, session.Principal!, scopes, claimsRequest, context.RequestAborted);
        if (consentType is ConsentTypes.Implicit && !consented)
        {
            // Records that the user uses this first-party app (the portal lists it); each code still starts its own token family.
            await authorizations.CreateAsync(identity, user.Id, applicationId, AuthorizationTypes.Permanent, scopes);
        }

        // The code starts its own token family; the session remembers it so that ending the session revokes it.
        var family = await authorizations.CreateAsync(identity, user.Id, applicationId, AuthorizationTypes.AdHoc, scopes);
        var familyId = (await authorizations.GetIdAsync(family))!;
        identity.SetAuthorizationId(familyId);
        await sessions.RecordGrantAsync(session.Principal!.FindFirstValue(SessionClaims.SessionId)!, familyId, request.ClientId!);

        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// MFA is owed when the account has a factor (its sign-ins are always challenged; this session may
    /// predate the enrolment), the client requires it, or the request asks for it with acr_values.
    /// </summary>
    private static async Task<bool> NeedsSecondFactorAsync(
        OpenIddictRequest request, ApplicationUser user, object application, MfaRequirement mfa, CancellationToken cancellationToken) =>
        user.TwoFactorEnabled
        || (request.AcrValues?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(SessionClaims.MultiFactorLevel) ?? false)
        || await mfa.IsRequiredByClientAsync(application, cancellationToken);

    private static async Task<bool> MustSignInAgainAsync(
        HttpContext context, OpenIddictRequest request, ClaimsPrincipal? session, TimeProvider time)
    {
        if (request.HasPromptValue(PromptValues.Login))
        {
            return true;
        }

        var authTime = session?.GetAuthTime();
        if (request.MaxAge is { } maxAge && (authTime is null || authTime.Value.AddSeconds(maxAge) < time.GetUtcNow()))
        {
            return true;
        }

        if (request.IdTokenHint is not null)
        {
            // OpenIddict has validated the hint; a different user than the signed-in one must sign in.
            var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var hintedSubject = hint.Principal?.GetClaim(Claims.Subject);
            return hintedSubject is not null && hintedSubject != session?.FindFirstValue(Claims.Subject);
        }

        return false;
    }
}
