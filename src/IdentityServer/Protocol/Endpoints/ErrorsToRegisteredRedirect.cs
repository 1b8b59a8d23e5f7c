using Aict.IdentityServer.Protocol.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// RFC 6749 §4.1.2.1: once the client and its redirect URI are known to be valid, every other
/// authorization error goes back to the client. OpenIddict shows any error met while validating
/// the request (missing PKCE, unsupported response type, request objects…) on the server instead;
/// this sends those to the redirect URI when, and only when, it is registered for the client.
/// </summary>
internal sealed class ErrorsToRegisteredRedirect(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    private static readonly string[] RedirectModes = [ResponseModes.Query, ResponseModes.Fragment, ResponseModes.FormPost];

    public static OpenIddictServerHandlerDescriptor Descriptor { get; }
        = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<ErrorsToRegisteredRedirect>()
            .SetOrder(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        var request = context.Request;
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error)
            || string.IsNullOrEmpty(request?.ClientId) || string.IsNullOrEmpty(request.RedirectUri)
            || !Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out _))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(request.ClientId);
        // A disabled client is not a valid client: its errors stay on the server's page.
        if (application is null || ClientDisabling.IsDisabled(await applications.GetPropertiesAsync(application))
            || !await applications.ValidateRedirectUriAsync(application, request.RedirectUri))
        {
            return;
        }

        context.RedirectUri = request.RedirectUri;
        context.ResponseMode = RedirectModes.Contains(request.ResponseMode)
            ? request.ResponseMode
            : request.HasResponseType(ResponseTypes.Token) || request.HasResponseType(ResponseTypes.IdToken)
                ? ResponseModes.Fragment
                : ResponseModes.Query;
    }
}
