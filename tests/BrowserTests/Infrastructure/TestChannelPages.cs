using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>The test channel's endpoints. Elements the tests find: #signed-in-user, #signed-out.</summary>
internal static class TestChannelPages
{
    public static void MapTestChannelPages(this IEndpointRouteBuilder app, TestChannel channel)
    {
        app.MapGet("/", (HttpContext context) => Page(context.User.Identity?.IsAuthenticated == true
            ? $"<p>Signed in as <strong id=\"signed-in-user\">{HtmlEncoder.Default.Encode(context.User.Identity.Name ?? "")}</strong></p>"
            : "<p id=\"signed-out\">Not signed in.</p>"));

        // OIDC Core §4: a third party (the portal's launcher) starts the sign-in; iss must be the issuer this app trusts.
        app.MapGet("/login", (string? iss, string? target_link_uri, string? ui_locales) =>
        {
            if (iss is null || !Uri.TryCreate(iss, UriKind.Absolute, out var issuer) || issuer != channel.Authority)
            {
                return Results.BadRequest("Unknown issuer.");
            }

            var properties = new AuthenticationProperties
            {
                RedirectUri = target_link_uri is { } target && Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Authority == channel.Origin.Authority
                    ? uri.PathAndQuery
                    : "/",
            };
            if (ui_locales is not null)
            {
                properties.Items["ui_locales"] = ui_locales;
            }

            return Results.Challenge(properties);
        });

        // Test-only: the access token this browser's session holds, for calling CommerceApi as that session would.
        app.MapGet("/access-token", async (HttpContext context) => await context.GetTokenAsync("access_token") is { } token
            ? Results.Text(token)
            : Results.Unauthorized())
            .RequireAuthorization();

        // Test-only: the ID token of this browser's sign-in, to read amr and acr.
        app.MapGet("/id-token", async (HttpContext context) => await context.GetTokenAsync("id_token") is { } token
            ? Results.Text(token)
            : Results.Unauthorized())
            .RequireAuthorization();

        // Test-only: the IdentityServer session (sid) this browser's sign-in belongs to.
        app.MapGet("/session-id", (HttpContext context) => context.User.FindFirst("sid")?.Value is { } sid
            ? Results.Text(sid)
            : Results.NotFound())
            .RequireAuthorization();

        app.MapPost("/backchannel-logout", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var token = new JsonWebToken(form["logout_token"].ToString());
            channel.Record(new LogoutNotice(
                token.TryGetPayloadValue<string>("sid", out var sid) ? sid : null,
                token.Subject));
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Ok();
        }).DisableAntiforgery();
    }

    internal static IResult Page(string body) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Test Channel</title></head>
        <body><h1>Test Channel</h1>{body}</body></html>
        """,
        "text/html; charset=utf-8");
}
