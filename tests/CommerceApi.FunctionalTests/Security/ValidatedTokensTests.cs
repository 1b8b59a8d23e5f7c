extern alias commerce;

using System.Security.Claims;
using System.Security.Cryptography;
using commerce::Aict.CommerceApi.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.CommerceApi.FunctionalTests.Security;

/// <summary>
/// The token handler CommerceApi's JWT bearer authentication uses, with ES256 keys like IdentityServer's. Full
/// validations are counted through the issuer check, which runs once in each.
/// </summary>
public sealed class ValidatedTokensTests : IDisposable
{
    private const string Issuer = "https://identity.test/";
    private readonly ShiftableClock _clock = new();
    private readonly ValidatedTokens _validated;
    private readonly RememberingTokenHandler _handler;
    private readonly ECDsaSecurityKey _key = NewKey("es256-1");
    private int _fullValidations;

    public ValidatedTokensTests()
    {
        _validated = new ValidatedTokens(_clock);
        _handler = new RememberingTokenHandler(_validated) { MapInboundClaims = false };
    }

    [Fact]
    public async Task A_token_presented_again_is_accepted_without_a_second_validation()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5));

        var first = await _handler.ValidateTokenAsync(token, Parameters(_key));
        var second = await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _fullValidations);
        Assert.Equal("partner-erp", second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task A_token_differing_only_in_its_signature_is_refused()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        var forged = token[..token.LastIndexOf('.')] + "." + Base64UrlEncoder.Encode(new byte[64]);

        var result = await _handler.ValidateTokenAsync(forged, Parameters(_key));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_signing_key_is_no_longer_trusted()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        var result = await _handler.ValidateTokenAsync(token, Parameters(NewKey("es256-2")));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_validated_again_once_it_has_expired()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.Equal(2, _fullValidations);
    }

    [Fact]
    public async Task A_token_that_failed_validation_is_not_remembered()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5), issuer: "https://elsewhere.test/");

        Assert.False((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        Assert.Equal(2, _fullValidations);
    }

    [Fact]
    public async Task A_claim_one_request_adds_to_its_identity_is_not_seen_by_the_next()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(5));
        var first = await _handler.ValidateTokenAsync(token, Parameters(_key));
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var second = await _handler.ValidateTokenAsync(token, Parameters(_key));
        second.ClaimsIdentity.AddClaim(new Claim("role", "auditor"));

        var third = await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.Empty(third.ClaimsIdentity.FindAll("role"));
    }

    public void Dispose() => _validated.Dispose();

    private static ECDsaSecurityKey NewKey(string id) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = id };

    private string Issue(SecurityKey key, TimeSpan lifetime, string issuer = Issuer)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "commerce-api",
            TokenType = "at+jwt",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "partner-erp", ["client_id"] = "partner-erp", ["scope"] = "products:read" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private TokenValidationParameters Parameters(SecurityKey trusted) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "commerce-api",
        ValidTypes = ["at+jwt"],
        IssuerSigningKeys = [trusted],
        ClockSkew = TimeSpan.Zero,
        IssuerValidator = (issuer, _, _) =>
        {
            Interlocked.Increment(ref _fullValidations);
            return issuer == Issuer ? issuer : throw new SecurityTokenInvalidIssuerException("Unexpected issuer.");
        },
    };
}
