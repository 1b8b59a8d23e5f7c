using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Answers a request that failed because the database is unreachable (<see cref="DatabaseOutage"/>) with 503 and
/// <c>Retry-After</c> instead of a 500. The body is the app's to write: ProblemDetails unless it says otherwise, or
/// nothing, so that its status-code pages answer (the error page for people). Any other exception passes on untouched.
/// </summary>
internal sealed partial class DatabaseOutageAnswers(
    RequestDelegate next, IOptions<DatabaseOptions> options, ILogger<DatabaseOutageAnswers> logger, Func<HttpContext, Task> writeBody)
{
    // Whatever the failed request had prepared for its answer; the security headers set before it stay.
    private static readonly string[] DiscardedHeaders = ["Location", "Set-Cookie", "Content-Type", "Content-Length", "ETag", "Cache-Control"];

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception) && !context.Response.HasStarted)
        {
            LogAnswered(logger, context.Request.Method, context.Request.Path, Reason(exception));
            var response = context.Response;
            foreach (var header in DiscardedHeaders)
            {
                response.Headers.Remove(header);
            }

            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = ((int)Math.Ceiling(options.Value.UnavailableRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            response.Headers.CacheControl = "no-store";
            await writeBody(context);
        }
    }

    /// <summary>ProblemDetails through the app's <see cref="IProblemDetailsService"/>, when it has one.</summary>
    public static async Task WriteProblemAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } problems)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service unavailable",
                    Detail = "The service cannot reach its database. Retry after the time in the Retry-After header.",
                },
            });
        }
    }

    // The innermost exception's type (SocketException, PostgresException 57P01...): enough to tell outages apart, no connection details.
    private static string Reason(Exception exception)
    {
        var innermost = exception.GetBaseException();
        return innermost is Npgsql.PostgresException postgres ? $"{innermost.GetType().Name} {postgres.SqlState}" : innermost.GetType().Name;
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: the database is unreachable ({Reason})")]
    private static partial void LogAnswered(ILogger logger, string method, PathString path, string reason);
}
