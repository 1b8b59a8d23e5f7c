using System.Globalization;
using System.Text.Json;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// Turns away requests to the endpoints that authenticate clients while the caller's address (or everyone) is
/// blocked for failed client authentications, before any secret is hashed or assertion read. RFC 6749 §5.2 has no
/// code for "slow down", so the answer is its generic <c>invalid_request</c> with HTTP 429 and <c>Retry-After</c>
/// (RFC 6585 §4): a client that retries after the wait succeeds, and its credentials are not called wrong.
/// </summary>
internal sealed class ClientAuthenticationThrottle(RequestDelegate next, FailureThrottle throttle)
{
    private static readonly PathString[] s_paths = ["/connect/token", "/connect/introspect", "/connect/revoke"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (((HttpMethods.IsPost(context.Request.Method) && AuthenticatesClients(context.Request.Path))
                // The registration endpoints' bearer tokens (RFC 7591, RFC 7592) count as client credentials.
                || context.Request.Path.StartsWithSegments("/connect/register", StringComparison.OrdinalIgnoreCase))
            && throttle.RetryAfter(ThrottledAction.ClientAuthentication, context.Connection.RemoteIpAddress) is { } wait)
        {
            var seconds = FailureThrottle.RetryAfterSeconds(wait);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
            context.Response.ContentType = "application/json;charset=UTF-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
            {
                [Parameters.Error] = Errors.InvalidRequest,
                [Parameters.ErrorDescription] = $"Too many failed client authentications from this address; try again in {seconds} seconds.",
            }, cancellationToken: context.RequestAborted);
            return;
        }

        await next(context);
    }

    private static bool AuthenticatesClients(PathString path)
    {
        foreach (var candidate in s_paths)
        {
            if (path.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
