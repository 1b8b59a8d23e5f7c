using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// Every <c>invalid_client</c> answer of the endpoints that authenticate clients (a wrong or unknown client, a wrong
/// secret, a bad or replayed assertion) counts as a failed client authentication from the caller's address.
/// </summary>
internal sealed class ClientAuthenticationFailures(FailureThrottle throttle) : IOpenIddictServerHandler<ProcessErrorContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
            .UseSingletonHandler<ClientAuthenticationFailures>()
            // After the handlers that correct the error code (they run just before AttachErrorParameters).
            .SetOrder(OpenIddictServerHandlers.AttachErrorParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessErrorContext context)
    {
        if (context.Error == Errors.InvalidClient
            && context.EndpointType is OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Introspection
                or OpenIddictServerEndpointType.Revocation)
        {
            await throttle.RecordFailureAsync(ThrottledAction.ClientAuthentication,
                context.Transaction.GetHttpRequest()?.HttpContext.Connection.RemoteIpAddress);
        }
    }
}
