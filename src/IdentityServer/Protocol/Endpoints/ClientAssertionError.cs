using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// A client assertion that fails validation is <c>invalid_client</c> (RFC 7523 §3.2, a MUST); OpenIddict
/// reports some failures, a wrong audience for one, as <c>invalid_token</c>.
/// </summary>
internal sealed class ClientAssertionError : IOpenIddictServerHandler<ProcessErrorContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
            .UseSingletonHandler<ClientAssertionError>()
            .SetOrder(OpenIddictServerHandlers.AttachErrorParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessErrorContext context)
    {
        // At the token endpoint, codes and refresh tokens fail as invalid_grant: invalid_token can only be the assertion.
        if (context.EndpointType == OpenIddictServerEndpointType.Token && context.Error == Errors.InvalidToken
            && !string.IsNullOrEmpty(context.Request?.ClientAssertion))
        {
            context.Error = Errors.InvalidClient;
        }

        return default;
    }
}
