using Aict.ServiceDefaults.Data;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

public static class DatabaseOutageExtensions
{
    /// <summary>
    /// While the database is unreachable, requests get 503 with <c>Retry-After</c> (<c>Database:UnavailableRetryAfter</c>)
    /// and the body <paramref name="writeBody"/> writes (ProblemDetails by default). Place it inside the status-code
    /// pages, so that a body left empty becomes the app's error page, and outside authentication, which reads the database too.
    /// </summary>
    public static IApplicationBuilder UseDatabaseOutageAnswers(this IApplicationBuilder app, Func<HttpContext, Task>? writeBody = null) =>
        app.UseMiddleware<DatabaseOutageAnswers>(writeBody ?? DatabaseOutageAnswers.WriteProblemAsync);
}
