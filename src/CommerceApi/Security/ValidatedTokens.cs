using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.CommerceApi.Security;

/// <summary>
/// Access tokens this instance has already validated, so that a caller presenting the same token again does not pay
/// the ECDSA verification and the parsing each time (docs/performance.md#validated-tokens). An entry answers only for the
/// exact token string, only until the token expires, and only while the key that signed it is still one the
/// validation trusts; revocation is checked on every request regardless (<see cref="TokenRevocation"/>).
/// </summary>
internal sealed class ValidatedTokens(TimeProvider clock) : IDisposable
{
    // A bound on memory (a few KB an entry), not on correctness: a token that falls out is validated again.
    private const int Capacity = 4096;
    private static readonly TimeSpan UnusedFor = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(string token, out ValidatedToken validated)
    {
        if (_entries.TryGetValue(token, out ValidatedToken? entry) && entry!.ValidUntil > clock.GetUtcNow())
        {
            validated = entry;
            return true;
        }

        validated = null!;
        return false;
    }

    public void Remember(string token, TokenValidationResult result, TimeSpan clockSkew)
    {
        // Without an expiry or the key it was verified with there is nothing that would end an entry: don't keep one.
        if (result.SecurityToken is not { ValidTo: var expires, SigningKey: { } key } || expires == DateTime.MinValue)
        {
            return;
        }

        var validUntil = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) + clockSkew;
        // A copy: the identity in the result goes on to this request's principal.
        var entry = new ValidatedToken(result.ClaimsIdentity.Clone(), result.SecurityToken, result.Issuer, result.TokenType, key, validUntil);
        _entries.Set(token, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = validUntil, SlidingExpiration = UnusedFor });
    }

    public void Dispose() => _entries.Dispose();
}

/// <summary>What a successful validation established, and until when it holds.</summary>
internal sealed record ValidatedToken(
    ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType, SecurityKey SigningKey, DateTimeOffset ValidUntil)
{
    /// <summary>The JWT bearer handler wraps the identity in a principal of each request: each gets its own copy.</summary>
    public TokenValidationResult ForOneRequest() => new()
    {
        IsValid = true,
        ClaimsIdentity = Identity.Clone(),
        SecurityToken = Token,
        Issuer = Issuer,
        TokenType = TokenType,
    };

    /// <summary>
    /// A key leaves the trusted set when IdentityServer retires it from its JWKS and the metadata is read again; tokens
    /// it signed must then fail as they would on a first validation.
    /// </summary>
    public async ValueTask<bool> IsSignedByATrustedKeyAsync(TokenValidationParameters parameters)
    {
        if (ReferenceEquals(parameters.IssuerSigningKey, SigningKey) || parameters.IssuerSigningKeys?.Contains(SigningKey) == true)
        {
            return true;
        }

        if (parameters.ConfigurationManager is { } metadata)
        {
            var configuration = await metadata.GetBaseConfigurationAsync(CancellationToken.None);
            return configuration.SigningKeys.Contains(SigningKey);
        }

        return false;
    }
}

/// <summary>The JWT bearer handler's token handler, answering for tokens in <see cref="ValidatedTokens"/> without validating them again.</summary>
internal sealed class RememberingTokenHandler(ValidatedTokens validated) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validated.TryGet(token, out var known) && await known.IsSignedByATrustedKeyAsync(validationParameters))
        {
            return known.ForOneRequest();
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            validated.Remember(token, result, validationParameters.ClockSkew);
        }

        return result;
    }
}
