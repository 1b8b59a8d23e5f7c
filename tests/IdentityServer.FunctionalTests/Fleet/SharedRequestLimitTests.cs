using System.Net;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Throttling;

namespace Aict.IdentityServer.FunctionalTests.Fleet;

/// <summary>The request limits of the mail and passwordless pages are counted in Redis: N instances enforce one limit, not N.</summary>
public sealed class SharedRequestLimitTests(TwoInstances fleet) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Reset_mails_asked_for_alternately_on_two_instances_stop_at_the_configured_count_not_twice_it()
    {
        var user = await ResetMail.NewUserAsync(fleet.A.Services);
        var address = fleet.NextAddress();
        using var onA = TwoInstances.On(fleet.A, address);
        using var onB = TwoInstances.On(fleet.B, address);

        var pages = new List<Navigation>();
        for (var request = 0; request <= TwoInstances.ResetMailsPerEmail; request++)
        {
            pages.Add(await ResetMail.AskForLinkAsync(request % 2 == 0 ? onA : onB, user.Email));
        }

        Assert.All(pages[..^1], page => Assert.Equal("/account/forgot-password/sent", page.Path));
        Assert.Equal(HttpStatusCode.TooManyRequests, pages[^1].Status);
        Assert.True(pages[^1].Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells when to come back.");
        await Eventually.MatchAsync(() => Task.FromResult(MailsTo(user.Email)), sent => sent >= TwoInstances.ResetMailsPerEmail,
            $"{TwoInstances.ResetMailsPerEmail} reset mails from the two instances");
        Assert.Equal(TwoInstances.ResetMailsPerEmail, MailsTo(user.Email));
    }

    [Fact]
    public async Task The_passwordless_page_counts_one_client_address_on_both_instances_together()
    {
        var address = fleet.NextAddress();
        using var onA = TwoInstances.On(fleet.A, address);
        using var onB = TwoInstances.On(fleet.B, address);
        using var neighbour = TwoInstances.On(fleet.B, fleet.NextAddress());

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var request = 0; request <= TwoInstances.PasswordlessRequestsPerMinute; request++)
        {
            last?.Dispose();
            last = await (request % 2 == 0 ? onA : onB).Http.GetAsync("/Account/Passkey");
            statuses.Add(last.StatusCode);
        }

        using var refusedOnB = await onB.Http.GetAsync("/Account/Passkey");
        using var otherAddress = await neighbour.Http.GetAsync("/Account/Passkey");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, "Retry-After: the rest of the minute");
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOnB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
        last.Dispose();
    }

    private int MailsTo(string email) => ResetMail.Sent(fleet.A.Services, email).Count() + ResetMail.Sent(fleet.B.Services, email).Count();
}

/// <summary>Without Redis the request limits let requests through (and log it) rather than refuse everyone.</summary>
public sealed class RequestLimitOutageTests : IAsyncLifetime
{
    private readonly ThrottledServers _servers = new();

    [Fact]
    public async Task With_Redis_unreachable_the_request_limits_fail_open_and_mail_still_goes_out()
    {
        // Nothing listens on port 1; short timeouts keep each uncounted request quick.
        var server = await _servers.StartAsync(perAddress: 1000, global: 1000, more: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=200,syncTimeout=200",
            ["PasswordReset:RequestsPerEmail"] = "1",
            ["Mfa:Passkeys:PasswordlessRequestsPerMinute"] = "1",
        });
        var user = await ResetMail.NewUserAsync(server.Services);
        using var browser = TwoInstances.On(server, "198.51.100.90");

        var first = await ResetMail.AskForLinkAsync(browser, user.Email);
        var second = await ResetMail.AskForLinkAsync(browser, user.Email);
        using var passkeyPage = await browser.Http.GetAsync("/Account/Passkey");
        using var passkeyAgain = await browser.Http.GetAsync("/Account/Passkey");

        Assert.Equal("/account/forgot-password/sent", first.Path);
        Assert.Equal("/account/forgot-password/sent", second.Path);
        Assert.Equal(HttpStatusCode.OK, passkeyPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passkeyAgain.StatusCode);
        await Eventually.MatchAsync(() => Task.FromResult(ResetMail.Sent(server.Services, user.Email).Count()), sent => sent == 2, "both reset mails");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();
}
