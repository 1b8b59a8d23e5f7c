using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>
/// What a sign-in establishes and every token of that session repeats: the session id, when and
/// how the user authenticated. They travel in the SSO cookie, then in codes and refresh tokens.
/// </summary>
public static class SessionClaims
{
    public const string SessionId = "sid";
    public const string AuthTime = "auth_time";
    public const string Methods = "amr";
    public const string Level = "acr";

    /// <summary>The authentication context class for a password-only sign-in.</summary>
    public const string SingleFactorLevel = "urn:aict:loa:1";

    /// <summary>The authentication context class for a sign-in with a second factor.</summary>
    public const string MultiFactorLevel = "urn:aict:loa:2";

    /// <summary>The claims of a sign-in: a new session, or <paramref name="sessionId"/> when the same session re-authenticates.</summary>
    /// <param name="methods">RFC 8176 values, already combined (<see cref="SignIn.Users.AuthenticationMethods.Combine"/>).</param>
    public static IReadOnlyList<Claim> ForSignIn(DateTimeOffset authenticatedAt, IReadOnlyCollection<string> methods, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            new(SessionId, sessionId ?? WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16))),
            new(AuthTime, authenticatedAt.ToUnixTimeSeconds().ToString(), ClaimValueTypes.Integer64),
            new(Level, LevelOf(methods)),
        };
        claims.AddRange(methods.Select(method => new Claim(Methods, method)));
        return claims;
    }

    /// <summary>The authentication context class (acr) that these methods reach.</summary>
    public static string LevelOf(IEnumerable<string> methods) =>
        methods.Contains(SignIn.Users.AuthenticationMethods.MultiFactor) ? MultiFactorLevel : SingleFactorLevel;

    /// <summary>Whether the principal (session cookie or token) was signed in with more than one factor.</summary>
    public static bool IsMultiFactor(this ClaimsPrincipal principal) => principal.FindFirst(Level)?.Value == MultiFactorLevel;

    public static DateTimeOffset? GetAuthTime(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(AuthTime)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Copies the session facts of <paramref name="source"/> onto a token identity, typed as JWT wants them.</summary>
    public static void CopySessionTo(this ClaimsPrincipal source, ClaimsIdentity identity)
    {
        identity.SetClaim(SessionId, source.FindFirst(SessionId)?.Value);
        identity.SetClaim(Level, source.FindFirst(Level)?.Value);
        if (source.GetAuthTime() is { } authTime)
        {
            identity.SetClaim(AuthTime, authTime.ToUnixTimeSeconds());
        }

        // amr is always a JSON array (OpenID Connect Core §2), even with one method.
        var methods = new JsonArray(source.FindAll(Methods).Select(c => JsonValue.Create(c.Value)).ToArray<JsonNode?>());
        if (methods.Count > 0)
        {
            identity.SetClaims(Methods, methods);
        }
    }
}
