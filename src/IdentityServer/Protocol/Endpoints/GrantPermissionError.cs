using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// Asking for <c>offline_access</c> without the refresh-token grant is asking for a grant the client may not use:
/// <c>unauthorized_client</c> (RFC 6749 §4.1.2.1, §5.2); OpenIddict reports it as <c>invalid_request</c> (its error ID2065).
/// </summary>
internal sealed class GrantPermissionError : IOpenIddictServerHandler<ProcessErrorContext>
{
    private const string RefreshGrantNotPermitted = "ID2065";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
            .UseSingletonHandler<GrantPermissionError>()
            .SetOrder(OpenIddictServerHandlers.AttachErrorParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessErrorContext context)
    {
        if (context.Error == Errors.InvalidRequest && context.ErrorUri?.EndsWith(RefreshGrantNotPermitted, StringComparison.Ordinal) == true)
        {
            context.Error = Errors.UnauthorizedClient;
        }

        return default;
    }
}
