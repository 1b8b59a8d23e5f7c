using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.TestSupport;

/// <summary>Validates tokens as a relying party or resource server does: signature against the published JWKS, issuer, audience, lifetime.</summary>
public sealed class TokenValidator(HttpClient backChannel)
{
    public async Task<JsonWebToken> ValidateAsync(string token, string audience, string expectedType)
    {
        var keys = new JsonWebKeySet(await backChannel.GetStringAsync("/.well-known/jwks")).GetSigningKeys();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = IdentityServerFactory.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys,
            ValidTypes = [expectedType],
            ValidAlgorithms = ["RS256", "ES256"],
        });
        Assert.True(result.IsValid, $"The {expectedType} token is not valid: {result.Exception?.Message}");
        return (JsonWebToken)result.SecurityToken;
    }
}
