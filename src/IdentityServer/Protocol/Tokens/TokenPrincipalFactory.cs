using System.Collections.Immutable;
using System.Security.Claims;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>Builds the identity OpenIddict turns into a user's tokens, with each claim's destinations.</summary>
public sealed class TokenPrincipalFactory(IOpenIddictScopeManager scopeManager, ApplicationDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The user a code, a refresh token or the SSO cookie names, with their role names and, given the SSO session
    /// a refresh token carries, when that session was last active: one round trip (read, not tracked). Null when
    /// the user no longer exists.
    /// </summary>
    public Task<UserWithRoles?> FindUserWithRolesAsync(string userId, string? sessionId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => new UserWithRoles(
                user,
                db.UserRoles
                    .Where(link => link.UserId == user.Id)
                    .Join(db.Roles, link => link.RoleId, role => role.Id, (link, role) => role.Name!)
                    .ToList(),
                db.Sessions
                    .Where(session => sessionId != null && session.Id == sessionId && session.UserId == user.Id)
                    .Select(session => (DateTimeOffset?)session.LastActivityAt)
                    .FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);

    /// <param name="session">The SSO cookie principal, or the code/refresh token principal being redeemed.</param>
    public async Task<ClaimsIdentity> CreateAsync(
        UserWithRoles subject, ClaimsPrincipal session, ImmutableArray<string> scopes, ClaimsRequest claims, CancellationToken cancellationToken)
    {
        var user = subject.User;
        var identity = new ClaimsIdentity(
            authenticationType: TokenValidationParameters.DefaultAuthenticationType,
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, user.Id);
        identity.SetClaims(Claims.Role, [.. subject.Roles]);
        session.CopySessionTo(identity);
        RefreshTokenFamily.CarryStart(identity, session, clock);

        foreach (var name in claims.IdToken)
        {
            if (StandardClaims.ValueOf(user, name) is { } value)
            {
                identity.AddClaim(name, value);
            }
        }

        Remember(identity, ClaimsRequest.IdTokenClaimType, claims.IdToken);
        Remember(identity, ClaimsRequest.UserInfoClaimType, claims.UserInfo);

        identity.SetScopes(scopes);
        identity.SetResources(await scopeManager.ListResourcesAsync(scopes, cancellationToken).ToListAsync(cancellationToken));
        identity.SetDestinations(ClaimDestinations.For);
        return identity;
    }

    private static void Remember(ClaimsIdentity identity, string type, IReadOnlySet<string> names)
    {
        if (names.Count > 0)
        {
            identity.SetClaim(type, string.Join(' ', names));
        }
    }

    /// <summary>A client-credentials identity: the client is the subject (RFC 9068 §2.2).</summary>
    public static async Task<ClaimsIdentity> CreateForClientAsync(
        IOpenIddictScopeManager scopeManager, string clientId, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetScopes(scopes);
        identity.SetResources(await scopeManager.ListResourcesAsync(scopes, cancellationToken).ToListAsync(cancellationToken));
        identity.SetDestinations(ClaimDestinations.For);
        return identity;
    }
}

/// <summary>A user and the names of their roles; for a refresh, when the SSO session it came from was last active.</summary>
public sealed record UserWithRoles(ApplicationUser User, IList<string> Roles, DateTimeOffset? SessionLastActivityAt = null);
