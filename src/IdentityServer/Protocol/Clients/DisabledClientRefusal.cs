using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// A disabled client (<see cref="ClientDisabling"/>) is answered as an unknown one: <c>invalid_client</c> at the token,
/// introspection and revocation endpoints, and at the authorization endpoint an error page (never a redirect:
/// RFC 6749 §4.1.2.1). Runs right after OpenIddict found the client, before its secret is checked, and reads the
/// application that lookup left in the request's manager (<see cref="ClientApplicationManager{TApplication}"/>):
/// no second read of the database. End-session requests are left alone, so that users can still sign out.
/// </summary>
internal sealed partial class DisabledClientRefusal(IOpenIddictApplicationManager applications, ILogger<DisabledClientRefusal> logger)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<RequireClientIdParameter>()
            .AddFilter<RequireDegradedModeDisabled>()
            .UseScopedHandler<DisabledClientRefusal>()
            .SetOrder(ValidateClientId.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is OpenIddictServerEndpointType.EndSession or OpenIddictServerEndpointType.UserInfo
                or OpenIddictServerEndpointType.EndUserVerification
            || await applications.FindByClientIdAsync(context.ClientId!) is not { } application
            || !ClientDisabling.IsDisabled(await applications.GetPropertiesAsync(application)))
        {
            return;
        }

        LogDisabledClientRefused(logger, context.ClientId!, context.EndpointType);
        context.Reject(
            error: context.EndpointType is OpenIddictServerEndpointType.Authorization ? Errors.InvalidRequest : Errors.InvalidClient,
            description: "The specified 'client_id' is invalid.");
    }

    [LoggerMessage(EventId = 4630, Level = LogLevel.Information, Message = "Client {ClientId} is disabled: its {Endpoint} request is refused.")]
    private static partial void LogDisabledClientRefused(ILogger logger, string clientId, OpenIddictServerEndpointType endpoint);
}
