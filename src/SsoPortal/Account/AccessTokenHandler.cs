using System.Net;
using System.Net.Http.Headers;
using Aict.SsoPortal.Sessions;

namespace Aict.SsoPortal.Account;

/// <summary>Attaches the signed-in user's access token (refreshed if about to expire) to each account API call.</summary>
internal sealed class AccessTokenHandler(IHttpContextAccessor accessor, SessionTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The account API is called on behalf of a request's user.");
        var token = await tokens.GetAccessTokenAsync(context)
            ?? throw new PortalSessionEndedException("The portal session has no usable access token.");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new PortalSessionEndedException("The account API refused the access token.");
        }

        return response;
    }
}
