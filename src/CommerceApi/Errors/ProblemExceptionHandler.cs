using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Errors;

/// <summary>Maps domain exceptions, bad requests and lost concurrency races to ProblemDetails; anything else stays a logged 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string Detail)? problem = exception switch
        {
            DomainException domain => (domain.StatusCode, domain.Title, domain.Message),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "Conflict", "The resource was changed by another request; read it again and retry."),
            _ => null,
        };
        if (problem is not { } p)
        {
            return false;
        }

        httpContext.Response.StatusCode = p.Status;
        var details = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = p.Status, Title = p.Title, Detail = p.Detail },
        };
        if (exception is DomainException { Challenge: var challenge, Extensions: var extensions })
        {
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }

            foreach (var (name, value) in extensions)
            {
                details.ProblemDetails.Extensions[name] = value;
            }
        }

        return await problems.TryWriteAsync(details);
    }
}
