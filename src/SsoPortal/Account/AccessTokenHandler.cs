using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Aict.SsoPortal.Sessions;

namespace Aict.SsoPortal.Account;

/// <summary>Attaches the signed-in user's access token (refreshed if about to expire) to each account API call.</summary>
internal sealed partial class AccessTokenHandler(IHttpContextAccessor accessor, SessionTokens tokens) : DelegatingHandler
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
            var stepUp = StepUpAcrValues(response.Headers.WwwAuthenticate);
            response.Dispose();
            throw stepUp is not null
                ? new StepUpRequiredException(stepUp)
                : new PortalSessionEndedException("The account API refused the access token.");
        }

        return response;
    }

    /// <summary>The <c>acr_values</c> of an RFC 9470 step-up challenge, or null when the 401 is any other refusal.</summary>
    internal static string? StepUpAcrValues(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges) =>
        challenges.FirstOrDefault(c => c.Scheme == "Bearer" && c.Parameter?.Contains("error=\"insufficient_user_authentication\"", StringComparison.Ordinal) == true)
            ?.Parameter is { } parameter && AcrValues().Match(parameter) is { Success: true } match
            ? match.Groups[1].Value
            : null;

    [GeneratedRegex("acr_values=\"([^\"]+)\"")]
    private static partial Regex AcrValues();
}
