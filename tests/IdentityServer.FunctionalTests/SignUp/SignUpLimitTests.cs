using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static Aict.IdentityServer.FunctionalTests.SignUp.SignUpMail;

namespace Aict.IdentityServer.FunctionalTests.SignUp;

/// <summary>
/// Sign-ups, new links and e-mail changes are limited per client address and per e-mail address. Each test runs a
/// server of its own (same database) with counters of its own in Redis, so that the limits do not leak into other tests.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class SignUpLimitTests(SqliteServer server)
{
    [Fact]
    public async Task Past_the_limit_for_one_e_mail_address_sign_up_and_new_links_answer_429_and_send_no_more()
    {
        await using var own = Server(("Registration:RequestsPerEmail", "2"));
        using var browser = own.CreateBrowser();
        var email = NewAddress();

        var first = await SignUpAsync(browser, email);
        var second = await SignUpAsync(browser, email.ToUpperInvariant());
        var third = await SignUpAsync(browser, email);
        var resend = await browser.SubmitAsync(await browser.GoAsync("/account/verify-email/resend"), new Dictionary<string, string> { ["Email"] = email });

        Assert.Equal("/account/sign-up/sent", first.Path);
        Assert.Equal("/account/sign-up/sent", second.Path);
        AssertTooManyRequests(third);
        AssertTooManyRequests(resend);
        await MailToAsync(own.Services, email, count: 2);
        Assert.Equal(2, Sent(own.Services, email).Count());
    }

    [Fact]
    public async Task Past_the_limit_for_one_client_address_the_page_answers_429_whatever_the_e_mail_and_other_clients_go_on()
    {
        await using var own = Server(("Registration:RequestsPerClientAddress", "3"));
        using var browser = Client(own, "192.0.2.30");
        using var neighbour = Client(own, "192.0.2.31");

        for (var request = 0; request < 3; request++)
        {
            Assert.Equal("/account/sign-up/sent", (await SignUpAsync(browser, NewAddress())).Path);
        }

        AssertTooManyRequests(await SignUpAsync(browser, NewAddress()));
        Assert.Equal("/account/sign-up/sent", (await SignUpAsync(neighbour, NewAddress())).Path);
    }

    [Fact]
    public async Task Past_the_limit_for_one_new_address_an_e_mail_change_answers_429_with_retry_after()
    {
        await using var own = Server(("Registration:RequestsPerEmail", "1"));
        var portal = await PortalSession.SignInAsync(own, await TestUsers.CreateAsync(own));
        var target = NewAddress();

        using var first = await EmailChangeTests.RequestChangeAsync(portal, target);
        using var second = await EmailChangeTests.RequestChangeAsync(portal, target);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    private IdentityServerFactory Server(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Revocation:KeyPrefix"] = server.Factory.RevocationPrefix,
            ["Throttling:KeyPrefix"] = TestRedis.NewPrefix(),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new IdentityServerFactory(server.Factory.Database, all);
    }

    private static Browser Client(WebApplicationFactory<Program> factory, string address) =>
        new(TestClientAddress.From(factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(IdentityServerFactory.Issuer),
        }), address));

    private static void AssertTooManyRequests(Navigation page)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("Too many requests. Wait a few minutes and try again.", page.Document.QuerySelector("#too-many-requests")?.TextContent);
        Assert.True(page.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells when to come back.");
    }
}
