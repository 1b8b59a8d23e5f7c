using System.Collections.Frozen;
using Aict.ServiceDefaults.Telemetry;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// Counts every answer of the token endpoint: tokens issued by grant type and client, errors by OAuth error code.
/// Labels never come from what the caller sent unchecked: a successful answer's grant type and client were validated
/// (the client id is the authenticated client's, an assertion's included), an error carries only its code.
/// </summary>
internal sealed class TokenResponseMetrics(AictMetrics metrics) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    private const string OtherError = "other";

    private static readonly FrozenSet<string> KnownErrors = FrozenSet.Create(StringComparer.Ordinal,
        Errors.InvalidRequest, Errors.InvalidClient, Errors.InvalidGrant, Errors.UnauthorizedClient, Errors.UnsupportedGrantType,
        Errors.InvalidScope, Errors.InvalidTarget, Errors.InvalidToken, Errors.AccessDenied, Errors.ServerError,
        Errors.TemporarilyUnavailable, Errors.AuthorizationPending, Errors.SlowDown, Errors.ExpiredToken, "insufficient_user_authentication");

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<TokenResponseMetrics>()
            // First of the event: whichever handler writes the response afterwards, the answer is already decided.
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error is { Length: > 0 } error)
        {
            metrics.TokenError(KnownErrors.Contains(error) ? error : OtherError);
        }
        else if (context.Request is { GrantType: { Length: > 0 } grantType, ClientId: { Length: > 0 } clientId })
        {
            metrics.TokenIssued(grantType, clientId);
        }

        return default;
    }
}
