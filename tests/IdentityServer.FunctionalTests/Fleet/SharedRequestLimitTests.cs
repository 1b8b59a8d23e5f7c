using System.Net;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.PasswordReset;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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

/// <summary>Without Redis the request limits let requests through and say so in the log, rather than refuse everyone.</summary>
public sealed class RequestLimitOutageTests
{
    [Fact]
    public async Task With_Redis_unreachable_the_request_limits_fail_open_and_log_it()
    {
        // Nothing listens on port 1; failing fast rather than waiting in the client's backlog keeps the test quick.
        var unreachable = ConfigurationOptions.Parse("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=200");
        unreachable.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(unreachable);
        using var logs = new RecordedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var windows = new RequestWindows(redis, Options.Create(new ThrottlingOptions()), loggers.CreateLogger<RequestWindows>());
        var resets = new ResetRequestLimiter(windows, Options.Create(new PasswordResetOptions { RequestsPerClientAddress = 1, RequestsPerEmail = 1 }));
        var passwordless = new PasswordlessLimit(windows, Options.Create(new PasskeyOptions { PasswordlessRequestsPerMinute = 1 }));

        TimeSpan?[] waits =
        [
            await resets.TryTakeAsync("198.51.100.90", "SOMEONE@EXAMPLE.COM"),
            await resets.TryTakeAsync("198.51.100.90", "SOMEONE@EXAMPLE.COM"),
            await passwordless.TryTakeAsync(IPAddress.Parse("198.51.100.90")),
            await passwordless.TryTakeAsync(IPAddress.Parse("198.51.100.90")),
        ];

        Assert.All(waits, Assert.Null);
        var logged = logs.Lines.Where(line => line.Contains("[6200]", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, logged.Count);
        Assert.All(logged, line => Assert.StartsWith("Error", line));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("SOMEONE@EXAMPLE.COM", StringComparison.Ordinal) || line.Contains("198.51.100.90", StringComparison.Ordinal));
    }
}
