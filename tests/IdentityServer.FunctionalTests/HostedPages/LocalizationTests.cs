using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>The pages speak English or Korean: OpenID Connect's ui_locales first, then the browser's Accept-Language.</summary>
public abstract class LocalizationTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Theory]
    [InlineData(null, null, "en", "Sign in")]
    [InlineData("ko", null, "ko", "로그인")]
    [InlineData(null, "ko-KR,ko;q=0.9", "ko", "로그인")]
    [InlineData("ko", "en-US,en;q=0.9", "ko", "로그인")]
    [InlineData("en", "ko-KR", "en", "Sign in")]
    [InlineData("fr-CA ko", null, "ko", "로그인")]
    [InlineData("fr", null, "en", "Sign in")]
    public async Task The_sign_in_page_follows_ui_locales_then_Accept_Language(
        string? uiLocales, string? acceptLanguage, string expectedLanguage, string expectedTitle)
    {
        if (acceptLanguage is not null)
        {
            _flow.Browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var page = await _flow.Browser.GoAsync(Request(DemoRealm.ChannelWeb, uiLocales).Url);

        Assert.Equal("/account/login", page.Path);
        Assert.Equal(expectedLanguage, page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal(expectedTitle, page.Document.QuerySelector("h1")?.TextContent);
        Assert.Equal(expectedTitle, page.Document.QuerySelector("button[type=submit]")?.TextContent);
    }

    [Fact]
    public async Task A_failed_sign_in_on_the_Korean_page_is_explained_in_Korean()
    {
        var login = await _flow.Browser.GoAsync(Request(DemoRealm.ChannelWeb, "ko").Url);

        var failed = await _flow.Browser.SignInAsync(login, $"nobody-{Guid.NewGuid():N}@example.com", "Wrong#2026dev");
        var empty = await _flow.Browser.SignInAsync(login, string.Empty, string.Empty);

        Assert.Equal("ko", failed.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("이메일 또는 비밀번호가 올바르지 않거나 시도 횟수가 너무 많습니다. 잠시 후 다시 시도하거나 비밀번호를 재설정하세요.", SignInPageTests.ErrorText(failed));
        // Hangul is written as text, not as character references: the raw HTML holds it.
        Assert.Contains("이메일 주소를 입력하세요.", empty.Html);
        Assert.Contains("비밀번호를 입력하세요.", empty.Document.Body!.TextContent);
    }

    [Fact]
    public async Task The_consent_page_asked_for_in_Korean_is_in_Korean()
    {
        var request = Request(DemoRealm.ChannelMobile, "ko", ConsentTests.ScopesAliceNeverGrants);

        var consent = await ConsentTests.ConsentPageAsync(_flow.Browser, request, DemoRealm.Alice);

        Assert.Equal("ko", consent.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("접근을 허용하시겠습니까?", consent.Document.QuerySelector("h1")?.TextContent);
        Assert.Contains("주문하고 취소하기", consent.Document.QuerySelector("ul.scopes")?.TextContent);
        Assert.Equal("허용", consent.Document.QuerySelector(ConsentTests.AcceptButton)?.TextContent);
    }

    [Fact]
    public async Task The_error_page_for_a_request_asking_for_Korean_is_in_Korean()
    {
        var request = Request(DemoRealm.ChannelWeb with { ClientId = "no-such-client" }, "ko");

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Equal("/connect/authorize", page.Path);
        Assert.Equal("ko", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("문제가 발생했습니다", page.Document.QuerySelector("h1")?.TextContent);
    }

    private static AuthorizationRequest Request(DemoClient client, string? uiLocales, string scope = "openid profile email")
    {
        var request = new AuthorizationRequest(client, scope);
        request.Parameters["ui_locales"] = uiLocales;
        return request;
    }
}

[Collection(OnSqlite.Name)]
public sealed class LocalizationOnSqlite(SqliteServer server) : LocalizationTests(server);

[Collection(OnPostgres.Name)]
public sealed class LocalizationOnPostgres(PostgresServer server) : LocalizationTests(server);
