using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>Which token each claim may appear in; a claim not listed stays on the server.</summary>
public static class ClaimDestinations
{
    private static readonly string[] Both = [Destinations.AccessToken, Destinations.IdentityToken];
    private static readonly string[] AccessOnly = [Destinations.AccessToken];
    private static readonly string[] IdentityOnly = [Destinations.IdentityToken];

    public static IEnumerable<string> For(Claim claim) => claim.Type switch
    {
        Claims.Subject => Both,
        // The session and how the user authenticated: RPs need them, and resource servers use them for step-up (RFC 9470).
        SessionClaims.SessionId or SessionClaims.AuthTime or SessionClaims.Methods or SessionClaims.Level => Both,
        Claims.Role => AccessOnly,
        ClaimsRequest.UserInfoClaimType => AccessOnly,
        // Personal data goes into an ID token only when the client asked for it with the claims parameter.
        _ when StandardClaims.All.Contains(claim.Type) => IdentityOnly,
        _ => [],
    };
}
