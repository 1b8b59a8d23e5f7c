using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using static Aict.IdentityServer.FunctionalTests.HostedPages.ResetMail;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// Reset-link requests are limited per client address and per e-mail. Each test runs a server of its own
/// (same database) with counters of its own in Redis, so that the limits do not leak into other tests.
/// </summary>
public abstract class PasswordResetRateLimitTests(ServerFixture server)
{
    [Fact]
    public async Task Past_the_limit_for_one_address_the_page_answers_429_with_a_friendly_message_and_sends_no_more()
    {
        await using var own = server.Factory.WithWebHostBuilder(builder => Own(builder).UseSetting("PasswordReset:RequestsPerEmail", "2"));
        using var browser = BrowserOn(own);
        var user = await NewUserAsync(own.Services);

        var first = await AskForLinkAsync(browser, user.Email);
        var second = await AskForLinkAsync(browser, user.Email.ToUpperInvariant());
        var third = await AskForLinkAsync(browser, user.Email);

        Assert.Equal("/account/forgot-password/sent", first.Path);
        Assert.Equal("/account/forgot-password/sent", second.Path);
        AssertTooManyRequests(third);
        await WaitForMailsAsync(own.Services, user.Email, 2);
        Assert.Equal(2, Sent(own.Services, user.Email).Count());
    }

    [Fact]
    public async Task Past_the_limit_for_one_client_the_page_answers_429_whatever_the_address()
    {
        await using var own = server.Factory.WithWebHostBuilder(builder => Own(builder).UseSetting("PasswordReset:RequestsPerClientAddress", "3"));
        using var browser = BrowserOn(own);

        for (var request = 0; request < 3; request++)
        {
            Assert.Equal("/account/forgot-password/sent", (await AskForLinkAsync(browser, $"someone-{request}@example.com")).Path);
        }

        AssertTooManyRequests(await AskForLinkAsync(browser, "someone-else@example.com"));
    }

    private static IWebHostBuilder Own(IWebHostBuilder builder) => builder.UseSetting("Throttling:KeyPrefix", TestRedis.NewPrefix());

    private static void AssertTooManyRequests(Navigation page)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Equal("Too many requests. Wait a few minutes and try again.", page.Document.QuerySelector("#too-many-requests")?.TextContent);
        Assert.True(page.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells when to come back.");
    }

    private static Task<int> WaitForMailsAsync(IServiceProvider services, string email, int count) =>
        Eventually.MatchAsync(() => Task.FromResult(Sent(services, email).Count()), sent => sent >= count, $"{count} e-mails to {email}");
}

[Collection(OnSqlite.Name)]
public sealed class PasswordResetRateLimitOnSqlite(SqliteServer server) : PasswordResetRateLimitTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasswordResetRateLimitOnPostgres(PostgresServer server) : PasswordResetRateLimitTests(server);
