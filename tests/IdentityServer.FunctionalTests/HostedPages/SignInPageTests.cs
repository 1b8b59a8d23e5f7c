using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>The sign-in page: one error for any wrong e-mail or password, field validation, anti-forgery, labels.</summary>
public abstract class SignInPageTests(ServerFixture server)
{
    internal const string InvalidCredentials =
        "The e-mail or password is incorrect, or there were too many attempts. Try again later, or reset your password.";
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task A_wrong_password_and_an_unknown_e_mail_get_the_same_error_on_the_sign_in_page()
    {
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@example.com";

        var wrongPassword = await _flow.Browser.SignInAsync(await LoginPageAsync(), DemoRealm.Alice.Email, "Wrong#2026dev");
        var noAccount = await _flow.Browser.SignInAsync(await LoginPageAsync(), unknownEmail, DemoRealm.Alice.Password);

        foreach (var (page, email) in new[] { (wrongPassword, DemoRealm.Alice.Email), (noAccount, unknownEmail) })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/account/login", page.Path);
            Assert.Null(page.LeftTo);
            Assert.Equal(InvalidCredentials, ErrorText(page));
            Assert.Equal(email, page.Document.QuerySelector("#Input_Email")?.GetAttribute("value"));
            Assert.True(string.IsNullOrEmpty(page.Document.QuerySelector("#Input_Password")?.GetAttribute("value")), "the password is never sent back");
        }
    }

    [Fact]
    public async Task After_a_wrong_password_the_right_one_still_returns_to_the_client()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        var failed = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(request.Url), DemoRealm.Alice.Email, "Wrong#2026dev");

        var page = await _flow.Browser.SignInAsync(failed, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        var response = new AuthorizationResponse(page.LeftTo!);
        Assert.NotNull(response.Code);
        Assert.Equal(request.State, response.State);
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_explained_in_words_and_nobody_is_signed_in()
    {
        var empty = await _flow.Browser.SignInAsync(await LoginPageAsync(), string.Empty, string.Empty);
        var malformed = await _flow.Browser.SignInAsync(await LoginPageAsync(), "not-an-e-mail", "whatever");

        Assert.Equal(["Enter your e-mail address.", "Enter your password."], FieldErrors(empty));
        Assert.Equal(["Enter a valid e-mail address."], FieldErrors(malformed));
        Assert.All(new[] { empty, malformed }, page => Assert.Equal("/account/login", page.Path));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task A_sign_in_posted_without_the_anti_forgery_token_is_refused_and_signs_nobody_in()
    {
        var login = await LoginPageAsync();
        var form = new Dictionary<string, string>
        {
            ["Input.Email"] = DemoRealm.Alice.Email,
            ["Input.Password"] = DemoRealm.Alice.Password,
            ["ReturnUrl"] = login.Document.QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value")!,
        };

        using var response = await _flow.Browser.Http.PostAsync(login.Url, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("aict.session=", StringComparison.Ordinal)));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task A_sign_in_posted_with_the_token_of_another_browser_is_refused()
    {
        using var attacker = server.Factory.CreateBrowser();
        var attackerToken = (await attacker.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url))
            .Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var page = await _flow.Browser.SubmitAsync(await LoginPageAsync(), new Dictionary<string, string>
        {
            ["Input.Email"] = DemoRealm.Alice.Email,
            ["Input.Password"] = DemoRealm.Alice.Password,
            ["__RequestVerificationToken"] = attackerToken,
        });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(page.LeftTo);
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task Every_input_on_the_sign_in_page_has_a_label_for_its_id()
    {
        var document = (await LoginPageAsync()).Document;

        var inputs = document.QuerySelectorAll("input:not([type=hidden]), select, textarea").ToList();

        Assert.Equal(["Input_Email", "Input_Password"], inputs.Select(input => input.Id));
        Assert.All(inputs, input =>
        {
            var label = document.QuerySelector($"label[for='{input.Id}']");
            Assert.True(label is not null, $"No <label for=\"{input.Id}\">");
            Assert.False(string.IsNullOrWhiteSpace(label.TextContent));
        });
    }

    private async Task<Navigation> LoginPageAsync()
    {
        var page = await _flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
        Assert.Equal("/account/login", page.Path);
        return page;
    }

    /// <summary>The sign-in error shown above the form, if any.</summary>
    internal static string? ErrorText(Navigation page) => page.Document.QuerySelector("#sign-in-error")?.TextContent.Trim();

    private static string[] FieldErrors(Navigation page) =>
        [.. page.Document.QuerySelectorAll(".field-error").Select(e => e.TextContent.Trim()).Where(text => text.Length > 0)];
}

[Collection(OnSqlite.Name)]
public sealed class SignInPageOnSqlite(SqliteServer server) : SignInPageTests(server);

[Collection(OnPostgres.Name)]
public sealed class SignInPageOnPostgres(PostgresServer server) : SignInPageTests(server);
