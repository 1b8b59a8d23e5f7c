using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aict.Gateway;

/// <summary>What the gateway itself answers when it cannot or will not forward a request: ProblemDetails, never an empty body.</summary>
internal static class GatewayProblem
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
