using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// A grant type the client may not use is <c>unauthorized_client</c> (RFC 6749 §5.2), checked once the client has
/// authenticated and before the grant's code or refresh token is read: OpenIddict checks the permission only after
/// the token, so a client without the refresh grant got <c>invalid_grant</c> for its refresh token. A client that
/// failed to authenticate has already been refused with <c>invalid_client</c>. The client comes from the same
/// remembered snapshot OpenIddict reads next (<c>ApplicationSnapshots</c>). Client credentials are left to
/// OpenIddict, which answers <c>unauthorized_client</c> there before it reads anything: the hot path pays no second look-up.
/// </summary>
internal sealed class GrantPermissionCheck(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<RequireClientIdParameter>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireGrantTypePermissionsEnabled>()
            .UseScopedHandler<GrantPermissionCheck>()
            .SetOrder(ValidateClientCertificate.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.Token || string.IsNullOrEmpty(context.Request.GrantType)
            || context.Request.IsClientCredentialsGrantType()
            || await applications.FindByClientIdAsync(context.ClientId!) is not { } application)
        {
            return;
        }

        if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.GrantType + context.Request.GrantType))
        {
            context.Reject(Errors.UnauthorizedClient, "This client application is not allowed to use the specified grant type.");
        }
    }
}
