using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.SignUp.SignUpMail;

namespace Aict.IdentityServer.FunctionalTests.SignUp;

/// <summary>A person creates an account, confirms the address with the e-mailed link, and signs in.</summary>
[Collection(OnSqlite.Name)]
public sealed class SignUpTests(SqliteServer server)
{
    private readonly IdentityServerFactory _factory = server.Factory;
    private readonly Browser _browser = server.Factory.CreateBrowser();

    [Fact]
    public async Task The_sign_in_page_links_to_the_sign_up_page_whose_every_field_has_a_label()
    {
        var login = await _browser.GoAsync("/account/login");
        var link = login.Document.QuerySelector("a#sign-up");

        var page = await _browser.GoAsync(link!.GetAttribute("href")!);

        Assert.Equal("Create an account", link.TextContent);
        Assert.Equal("/account/sign-up", page.Path);
        foreach (var input in page.Document.QuerySelectorAll("form input:not([type=hidden])"))
        {
            Assert.NotNull(page.Document.QuerySelector($"label[for='{input.Id}']"));
        }

        Assert.Equal(5, page.Document.QuerySelectorAll("form input:not([type=hidden])").Length);
    }

    [Fact]
    public async Task Signing_up_and_opening_the_link_confirms_the_address_and_then_the_sign_in_completes()
    {
        var email = NewAddress();

        var sent = await SignUpAsync(_browser, email);
        Assert.Equal("/account/sign-up/sent", sent.Path);
        Assert.Contains("Check your e-mail", sent.Html);
        var mail = await MailToAsync(_factory.Services, email);
        Assert.Contains("Hello Minji", mail.Body);
        Assert.Contains("within 24 hours", mail.Body);
        var landing = await _browser.GoAsync(VerificationLinkIn(mail));
        Assert.Contains(email, landing.Document.QuerySelector("#verify-email-text")?.TextContent);
        var done = await _browser.SubmitAsync(landing, new Dictionary<string, string>());

        Assert.Equal("/account/verify-email/done", done.Path);
        var flow = new CodeFlow(_factory);
        Assert.NotNull((await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), new DemoUser(email, Password))).AccessToken);
        var account = await AccountAsync(_factory.Services, email);
        Assert.Equal(("Minji", "Seo", true), (account!.GivenName, account.FamilyName, account.EmailConfirmed));
        var audit = await AuditAsync(account.Id);
        Assert.Equal([AuditEventTypes.SignedUp, AuditEventTypes.EmailVerified], audit[..2]);
        Assert.Contains(AuditEventTypes.SignedIn, audit);
    }

    [Fact]
    public async Task Signing_in_before_verifying_shows_the_verify_screen_and_starts_no_session_and_its_button_sends_a_new_link()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        await MailToAsync(_factory.Services, email);
        var flow = new CodeFlow(_factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);

        var login = await flow.Browser.GoAsync(request.Url);
        var answer = await flow.Browser.SignInAsync(login, email, Password);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("/account/login", answer.Path);
        Assert.Contains(email, answer.Document.QuerySelector("#verify-email-needed")?.TextContent);
        Assert.DoesNotContain(answer.SetCookies, cookie => cookie.StartsWith("aict.session=", StringComparison.Ordinal));
        Assert.Equal("login_required", (await flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
        var resent = await flow.Browser.SubmitAsync(answer, new Dictionary<string, string>(), "#resend-verification");
        Assert.Equal("/account/verify-email/sent", resent.Path);
        await MailToAsync(_factory.Services, email, count: 2);
    }

    [Fact]
    public async Task A_wrong_password_for_an_unverified_account_gets_the_generic_error_and_not_the_verify_screen()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        await MailToAsync(_factory.Services, email);
        using var browser = _factory.CreateBrowser();

        var answer = await browser.SignInAsync(await browser.GoAsync("/account/login"), email, "not-" + Password);

        Assert.Equal(SignInPageTests.InvalidCredentials, answer.Document.QuerySelector("#sign-in-error")?.TextContent);
        Assert.Null(answer.Document.QuerySelector("#verify-email-needed"));
    }

    [Fact]
    public async Task The_link_works_once_and_a_second_use_says_so_with_a_way_to_a_new_link()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        var link = VerificationLinkIn(await MailToAsync(_factory.Services, email));
        var landing = await _browser.GoAsync(link);
        await _browser.SubmitAsync(landing, new Dictionary<string, string>());

        var reopened = await _browser.GoAsync(link);
        var reposted = await _browser.SubmitAsync(landing, new Dictionary<string, string>());

        Assert.NotNull(reopened.Document.QuerySelector("#verification-link-invalid"));
        Assert.Null(reopened.Document.QuerySelector("#verify-email"));
        Assert.Equal("/account/verify-email/resend", new Uri(reopened.Url, reopened.Document.QuerySelector("a#ask-for-new-link")!.GetAttribute("href")!).AbsolutePath);
        Assert.NotNull(reposted.Document.QuerySelector("#verification-link-invalid"));
        Assert.Equal([AuditEventTypes.SignedUp, AuditEventTypes.EmailVerified], await AuditAsync((await AccountAsync(_factory.Services, email))!.Id));
    }

    [Fact]
    public async Task Opening_the_link_only_shows_a_button_so_that_a_mail_scanner_does_not_use_it_up()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        var link = VerificationLinkIn(await MailToAsync(_factory.Services, email));

        await _browser.GoAsync(link);
        var second = await _browser.GoAsync(link);

        Assert.NotNull(second.Document.QuerySelector("#verify-email"));
        Assert.False((await AccountAsync(_factory.Services, email))!.EmailConfirmed);
    }

    [Fact]
    public async Task A_link_older_than_its_lifetime_is_refused_and_the_account_stays_unverified()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        var link = VerificationLinkIn(await MailToAsync(_factory.Services, email));
        var pastLifetime = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

        var openedInTime = await _browser.GoAsync(link);

        // The collection's tests run one at a time: the shared clock goes back before the next one.
        _factory.Clock.Advance(pastLifetime);
        Navigation reopened, posted;
        try
        {
            reopened = await _browser.GoAsync(link);
            posted = await _browser.SubmitAsync(openedInTime, new Dictionary<string, string>());
        }
        finally
        {
            _factory.Clock.Advance(-pastLifetime);
        }

        Assert.NotNull(openedInTime.Document.QuerySelector("#verify-email"));
        Assert.NotNull(reopened.Document.QuerySelector("#verification-link-invalid"));
        Assert.NotNull(posted.Document.QuerySelector("#verification-link-invalid"));
        Assert.False((await AccountAsync(_factory.Services, email))!.EmailConfirmed);
    }

    [Theory]
    [InlineData("userId={0}&token=bm90LWEtdG9rZW4")]
    [InlineData("userId={0}&token=not*base64url")]
    [InlineData("userId={0}")]
    [InlineData("userId=nobody&token=bm90LWEtdG9rZW4")]
    [InlineData("")]
    public async Task A_tampered_or_incomplete_link_gets_the_generic_answer(string query)
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email);
        await MailToAsync(_factory.Services, email);
        var userId = (await AccountAsync(_factory.Services, email))!.Id;

        var page = await _browser.GoAsync("/account/verify-email?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, userId));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#verification-link-invalid"));
    }

    [Fact]
    public async Task An_address_with_an_account_gets_the_same_page_its_holder_a_notice_and_the_account_no_change()
    {
        var holder = await TestUsers.CreateAsync(_factory);
        var before = await AccountAsync(_factory.Services, holder.Email);
        var fresh = NewAddress();

        var freshAnswer = await SignUpAsync(_browser, fresh);
        var takenAnswer = await SignUpAsync(_browser, holder.Email, "Takeover#2026pw");

        Assert.Equal(freshAnswer.Path, takenAnswer.Path);
        Assert.Equal(freshAnswer.Html, takenAnswer.Html);
        var notice = await MailToAsync(_factory.Services, holder.Email, AlreadyRegisteredSubject);
        Assert.Contains("/account/login", notice.Body);
        Assert.Contains("/account/forgot-password", notice.Body);
        Assert.Empty(Sent(_factory.Services, holder.Email, VerifySubject));
        var after = await AccountAsync(_factory.Services, holder.Email);
        Assert.Equal((before!.PasswordHash, before.SecurityStamp, before.GivenName), (after!.PasswordHash, after.SecurityStamp, after.GivenName));
        Assert.NotNull((await new CodeFlow(_factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), holder)).AccessToken);
    }

    [Fact]
    public async Task Signing_up_again_before_verifying_takes_the_newest_password_and_the_earlier_link_stops_working()
    {
        var email = NewAddress();
        await SignUpAsync(_browser, email, "Earlier#2026pw");
        var earlier = VerificationLinkIn(await MailToAsync(_factory.Services, email));

        await SignUpAsync(_browser, email);
        var newest = VerificationLinkIn(await MailToAsync(_factory.Services, email, count: 2));

        Assert.NotNull((await _browser.GoAsync(earlier)).Document.QuerySelector("#verification-link-invalid"));
        await _browser.SubmitAsync(await _browser.GoAsync(newest), new Dictionary<string, string>());
        using var browser = _factory.CreateBrowser();
        Assert.Equal("/", (await browser.SignInAsync(await browser.GoAsync("/account/login"), email, Password)).Path);
    }

    [Fact]
    public async Task A_password_against_the_rules_is_shown_next_to_its_field_and_nothing_is_sent()
    {
        var email = NewAddress();

        var weak = await SignUpAsync(_browser, email, "weak");
        var mismatch = await SignUpAsync(_browser, email, Password, "Other#2026pw");

        Assert.Equal("/account/sign-up", weak.Path);
        Assert.Contains("Use at least 8 characters.", weak.Document.QuerySelector("#password-error")?.TextContent);
        Assert.Equal("The two passwords do not match.", mismatch.Document.QuerySelector("#confirm-password-error")?.TextContent);
        Assert.Equal(email, weak.Document.QuerySelector("#Input_Email")?.GetAttribute("value"));
        Assert.Null(await AccountAsync(_factory.Services, email));
    }

    [Fact]
    public async Task A_sign_up_in_Korean_gets_Korean_pages_and_a_Korean_e_mail()
    {
        var email = NewAddress();

        var sent = await SignUpAsync(_browser, email, query: "?ui_locales=ko");

        Assert.Contains("이메일을 확인하세요", sent.Html);
        var mail = await MailToAsync(_factory.Services, email, "Aict 이메일 주소 확인");
        Assert.Contains("24시간", mail.Body);
        Assert.Contains("이메일 주소 확인", (await _browser.GoAsync(VerificationLinkIn(mail))).Html);
    }

    [Fact]
    public async Task Signing_up_without_the_anti_forgery_token_is_refused_and_creates_nothing()
    {
        var email = NewAddress();

        using var response = await _browser.Http.PostAsync("/account/sign-up", new FormUrlEncodedContent(
        [
            new("Input.Email", email), new("Input.GivenName", "Minji"), new("Input.Password", Password), new("Input.ConfirmPassword", Password),
        ]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await AccountAsync(_factory.Services, email));
    }

    private async Task<string[]> AuditAsync(string userId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.Type).ToArrayAsync();
    }
}
