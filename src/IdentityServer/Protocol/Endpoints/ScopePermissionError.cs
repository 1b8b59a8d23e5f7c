using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// A scope the client is not permitted to request is <c>invalid_scope</c> (RFC 6749 §4.1.2.1, §5.2);
/// OpenIddict reports it as <c>invalid_request</c> (its error ID2051).
/// </summary>
internal sealed class ScopePermissionError : IOpenIddictServerHandler<ProcessErrorContext>
{
    private const string NotPermittedScope = "ID2051";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessErrorContext>()
            .UseSingletonHandler<ScopePermissionError>()
            .SetOrder(OpenIddictServerHandlers.AttachErrorParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessErrorContext context)
    {
        if (context.Error == Errors.InvalidRequest && context.ErrorUri?.EndsWith(NotPermittedScope, StringComparison.Ordinal) == true)
        {
            context.Error = Errors.InvalidScope;
        }

        return default;
    }
}
