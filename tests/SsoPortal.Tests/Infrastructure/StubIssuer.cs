using System.Security.Cryptography;
using Aict.SsoPortal.Logout;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Aict.SsoPortal.Tests.Infrastructure;

/// <summary>
/// An issuer whose discovery document is handed to the portal's OIDC handler as its configuration, with a
/// locally generated signing key; it writes logout tokens that tests can spoil one rule at a time.
/// </summary>
public sealed class StubIssuer
{
    public const string Issuer = "https://issuer.test/";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public StubIssuer()
    {
        Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        Configuration.SigningKeys.Add(Key);
    }

    public RsaSecurityKey Key { get; } = NewKey();

    public OpenIdConnectConfiguration Configuration { get; }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    /// <summary>A logout token as IdentityServer writes it (§2.4); <paramref name="spoil"/> changes it before it is signed.</summary>
    public string LogoutToken(string sid, Action<LogoutTokenParts>? spoil = null)
    {
        var parts = new LogoutTokenParts(sid);
        spoil?.Invoke(parts);
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(parts.Claims)
        {
            [JwtRegisteredClaimNames.Iat] = EpochTime.GetIntDate(now + parts.IssuedAtShift),
        };
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = parts.Type,
            Issuer = parts.Issuer,
            Audience = parts.Audience,
            Expires = now + parts.IssuedAtShift + TimeSpan.FromMinutes(2),
            Claims = claims,
            SigningCredentials = new SigningCredentials(parts.SigningKey ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }
}

/// <summary>The parts of a logout token a test may change.</summary>
public sealed class LogoutTokenParts(string sid)
{
    public string Type { get; set; } = LogoutTokenValidator.TokenType;

    public string Issuer { get; set; } = StubIssuer.Issuer;

    public string Audience { get; set; } = PortalFactory.ClientId;

    public TimeSpan IssuedAtShift { get; set; } = TimeSpan.Zero;

    public SecurityKey? SigningKey { get; set; }

    public Dictionary<string, object> Claims { get; } = new()
    {
        [JwtRegisteredClaimNames.Sub] = "user-1",
        [JwtRegisteredClaimNames.Sid] = sid,
        [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        ["events"] = new Dictionary<string, object> { [LogoutTokenValidator.LogoutEvent] = new Dictionary<string, object>() },
    };
}
