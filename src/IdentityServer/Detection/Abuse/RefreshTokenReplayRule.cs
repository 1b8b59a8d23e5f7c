using Aict.IdentityServer.Detection.Alerts;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace Aict.IdentityServer.Detection.Abuse;

/// <summary>
/// Raises <c>refresh_token_replay</c> (high) when a used refresh token is presented again at the token endpoint, which
/// OpenIddict answers by revoking the whole family, or when a concurrent request won the token's redemption
/// (<see cref="Protocol.Tokens.RefreshTokenRedemption"/>). Runs just before OpenIddict's own check of the token row, on the
/// row it has already loaded: a token that is not redeemed costs a status comparison, nothing more.
/// </summary>
public sealed class RefreshTokenReplayRule(
    IOpenIddictTokenManager tokens,
    AbuseAlerts alerts,
    IHttpContextAccessor http,
    IOptions<RefreshTokenReplayOptions> options,
    IOptions<DetectionOptions> detection) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireTokenStorageEnabled>()
            .AddFilter<RequireTokenIdResolved>()
            .UseScopedHandler<RefreshTokenReplayRule>()
            .SetOrder(ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.Token || context.Principal is not { } principal
            || !(principal.HasTokenType(TokenTypeIdentifiers.RefreshToken) || principal.HasTokenType(TokenTypeHints.RefreshToken))
            || !IsOn || await tokens.FindByIdAsync(context.TokenId!) is not { } token || !await tokens.HasStatusAsync(token, Statuses.Redeemed))
        {
            return;
        }

        await RaiseAsync(principal.GetClaim(Claims.Subject), context.Request?.ClientId, context.AuthorizationId, "used refresh token presented again");
    }

    /// <summary>Raises the alert once per family; the family is revoked by the caller.</summary>
    public async Task RaiseAsync(string? userId, string? clientId, string? authorizationId, string what)
    {
        if (!IsOn)
        {
            return;
        }

        await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.RefreshTokenReplay, AlertSeverities.High,
            [what, $"user {userId ?? "unknown"}", $"client {clientId ?? "unknown"}", "token family revoked"],
            UserId: userId, Subject: clientId is null ? userId : $"{clientId} / {userId}", Address: http.HttpContext?.Connection.RemoteIpAddress,
            DedupKey: authorizationId is null ? null : $"refresh-replay:{authorizationId}", DedupWindow: TimeSpan.FromDays(1)));
    }

    private bool IsOn => detection.Value.Enabled && options.Value.Enabled;
}
