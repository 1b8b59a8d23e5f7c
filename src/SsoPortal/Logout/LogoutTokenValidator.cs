using System.Text.Json;
using Aict.SsoPortal.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StackExchange.Redis;

namespace Aict.SsoPortal.Logout;

/// <summary>
/// Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6) against the OIDC
/// handler's issuer and signing keys, and refuses a token whose <c>jti</c> was seen before.
/// </summary>
public sealed class LogoutTokenValidator(
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions, IConnectionMultiplexer redis, IOptions<PortalOptions> portal, TimeProvider time)
{
    public const string TokenType = "logout+jwt";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>How far <c>iat</c> may be from now: logout tokens are sent the moment they are made.</summary>
    public static readonly TimeSpan IssuedAtTolerance = TimeSpan.FromMinutes(5);

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>The session id (<c>sid</c>) to end, or null with the reason the token is refused.</summary>
    public async Task<(string? SessionId, string? Refusal)> ValidateAsync(string? logoutToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(logoutToken))
        {
            return (null, "no logout_token");
        }

        var oidc = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var result = await ValidateSignatureAsync(oidc, logoutToken, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // IdentityServer may have rotated its keys since discovery was read: read it again once.
            oidc.ConfigurationManager!.RequestRefresh();
            result = await ValidateSignatureAsync(oidc, logoutToken, cancellationToken);
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return (null, result.Exception?.GetType().Name ?? "invalid token");
        }

        if (!HasLogoutEvent(token))
        {
            return (null, "events lacks the back-channel logout event");
        }

        if (token.TryGetPayloadValue<object>("nonce", out _))
        {
            return (null, "nonce present");
        }

        if (!token.TryGetPayloadValue<string>("sid", out var sid) || string.IsNullOrEmpty(sid))
        {
            return (null, "no sid");
        }

        if (!token.TryGetPayloadValue<long>("iat", out _) || (time.GetUtcNow().UtcDateTime - token.IssuedAt).Duration() > IssuedAtTolerance)
        {
            return (null, "iat missing or too far from now");
        }

        if (!token.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti))
        {
            return (null, "no jti");
        }

        // Remembered until the token could no longer be accepted anyway.
        var replayKey = $"{portal.Value.KeyPrefix}logout-jti:{jti}";
        var firstUse = await redis.GetDatabase().StringSetAsync(replayKey, "1", IssuedAtTolerance * 2, When.NotExists);
        return firstUse ? (sid, null) : (null, "jti replayed");
    }

    private async Task<TokenValidationResult> ValidateSignatureAsync(OpenIdConnectOptions oidc, string logoutToken, CancellationToken cancellationToken)
    {
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        return await Handler.ValidateTokenAsync(logoutToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAudience = oidc.ClientId,
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            LifetimeValidator = (notBefore, expires, _, parameters) => Lifetime(notBefore, expires, parameters.ClockSkew),
        });
    }

    private bool Lifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } end && now < end + skew && (notBefore is not { } start || now >= start - skew);
    }

    private static bool HasLogoutEvent(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return events.TryGetProperty(LogoutEvent, out var logoutEvent) && logoutEvent.ValueKind == JsonValueKind.Object;
    }
}
