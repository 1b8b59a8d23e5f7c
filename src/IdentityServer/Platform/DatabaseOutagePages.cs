using Aict.IdentityServer.Protocol.Endpoints;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Platform;

internal static class DatabaseOutagePages
{
    private const string Description = "The authorization server cannot reach its database. Retry after the time in the Retry-After header.";

    /// <summary>
    /// While the identity database is unreachable: the OAuth error <c>temporarily_unavailable</c> (RFC 6749 §4.1.2.1, in the
    /// §5.2 JSON shape) at the endpoints machines call, and for everything else a bodiless 503 that the status-code
    /// responses turn into the error page (people), ProblemDetails (<c>/api</c>) or a SCIM error (<c>/scim</c>).
    /// The authorization and end-session endpoints get the page too: without the database no redirect URI can be checked.
    /// </summary>
    public static WebApplication UseDatabaseOutagePages(this WebApplication app)
    {
        app.UseDatabaseOutageAnswers(context => IsOAuthJsonEndpoint(context.Request.Path)
            ? context.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                [Parameters.Error] = Errors.TemporarilyUnavailable,
                [Parameters.ErrorDescription] = Description,
            })
            : Task.CompletedTask);
        return app;
    }

    private static bool IsOAuthJsonEndpoint(PathString path) =>
        ConnectApi.IsMachineEndpoint(path)
        || (path.StartsWithSegments("/connect") && !path.StartsWithSegments("/connect/authorize") && !path.StartsWithSegments("/connect/endsession"));
}
