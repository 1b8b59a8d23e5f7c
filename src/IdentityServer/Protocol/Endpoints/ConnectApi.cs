namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>The protocol endpoints OpenIddict passes through to us after validating the request.</summary>
public static class ConnectApi
{
    private static readonly string[] GetAndPost = [HttpMethods.Get, HttpMethods.Post];

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder app)
    {
        var connect = app.MapGroup("/connect").ExcludeFromDescription();
        connect.MapMethods("/authorize", GetAndPost, AuthorizeEndpoint.HandleAsync);
        connect.MapPost("/token", TokenEndpoint.HandleAsync);
        connect.MapMethods("/userinfo", GetAndPost, UserInfoEndpoint.HandleAsync);
        connect.MapMethods("/endsession", GetAndPost, EndSessionEndpoint.HandleAsync);
        return app;
    }

    /// <summary>A protocol request whose form body cannot be read gets invalid_request, not a 500.</summary>
    public static IApplicationBuilder UseUnreadableRequestAnswers(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(UnreadableRequestBodies.Path),
            connect => connect.UseMiddleware<UnreadableRequestBodies>());

    /// <summary>
    /// The endpoints only machines call (token, introspection, revocation, registration, discovery, JWKS): OpenIddict answers
    /// them in JSON, so the page services (languages, status-code pages, static files) are skipped on their path.
    /// </summary>
    public static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/connect/token") || path.StartsWithSegments("/connect/introspect")
        || path.StartsWithSegments("/connect/revoke") || path.StartsWithSegments("/connect/register")
        || path.StartsWithSegments("/.well-known");
}
