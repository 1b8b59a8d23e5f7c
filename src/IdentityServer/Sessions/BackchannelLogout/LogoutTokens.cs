using System.Security.Cryptography;
using Aict.IdentityServer.Protocol.Signing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Creates logout tokens (OIDC Back-Channel Logout 1.0 §2.4), signed like ID tokens: relying parties read both.</summary>
internal sealed class LogoutTokens(KeyRing ring, IOptions<BackchannelLogoutOptions> options, IOptions<SigningOptions> signing, TimeProvider time)
{
    public const string TokenType = "logout+jwt";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    // The lifetime is set explicitly from the TimeProvider; no nbf, which §2.4 does not ask for.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Create(Uri issuer, BackchannelLogoutDelivery delivery)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = issuer.AbsoluteUri,
            Audience = delivery.ClientId,
            IssuedAt = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = ring.ActiveSigningCredentials(signing.Value.IdTokenAlgorithm),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = delivery.Subject,
                [JwtRegisteredClaimNames.Sid] = delivery.SessionId,
                // A fresh jti per attempt: the client may reject a replayed token, not a retried notice.
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                ["events"] = new Dictionary<string, object> { [LogoutEvent] = new Dictionary<string, object>() },
            },
        });
    }
}
