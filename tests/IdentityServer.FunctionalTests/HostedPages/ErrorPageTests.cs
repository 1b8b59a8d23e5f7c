using System.Net;
using AngleSharp.Html.Parser;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>Requests that cannot be answered to a client are explained on the server's own error page.</summary>
public abstract class ErrorPageTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Theory]
    [InlineData("no-such-client", "http://localhost:5400/signin-oidc", "client_id")]
    [InlineData("channel-web", "https://evil.example/signin-oidc", "redirect_uri")]
    public async Task An_unknown_client_or_redirect_uri_gets_an_HTML_error_page_with_the_error_code_and_no_redirect(
        string clientId, string redirectUri, string namedParameter)
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb with { ClientId = clientId }) { RedirectUri = redirectUri };

        using var response = await _flow.Browser.Http.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Something went wrong", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("invalid_request", page.QuerySelector("#error-code")?.TextContent);
        Assert.Contains(namedParameter, page.QuerySelector("#error-description")?.TextContent);
        Assert.DoesNotContain(page.QuerySelectorAll("a[href], form[action]"), element =>
            (element.GetAttribute("href") ?? element.GetAttribute("action"))!.Contains("evil.example", StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class ErrorPageOnSqlite(SqliteServer server) : ErrorPageTests(server);

[Collection(OnPostgres.Name)]
public sealed class ErrorPageOnPostgres(PostgresServer server) : ErrorPageTests(server);
