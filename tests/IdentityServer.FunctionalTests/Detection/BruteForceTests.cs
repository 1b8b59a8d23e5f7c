using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Detection.Attacks;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.AttackServers;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Brute force: ten wrong passwords for one identifier from one address block that pair, longer with each block of the
/// day; the holder of a real account is mailed once; the account itself stays open from anywhere else and by passkey.
/// </summary>
public sealed class BruteForceTests : IAsyncLifetime
{
    private const string EnglishSubject = "Someone tried to sign in to your Aict account";
    private readonly AttackServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Ten_wrong_passwords_block_the_pair_for_1_2_4_8_then_15_minutes_while_the_owner_signs_in_elsewhere()
    {
        var server = await _servers.StartAsync();
        var user = await TestUsers.CreateAsync(server);
        using var attacker = From(server, "203.0.113.20");
        using var owner = From(server, "198.51.100.20");

        var failures = new List<string?>();
        var waits = new List<double>();
        var elsewhere = new List<string>();
        foreach (var minutes in new[] { 1, 2, 4, 8, 15, 15 })
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                failures.Add(SignInPageTests.ErrorText(await SignInAsync(attacker, user.Email, "Wrong#2026dev")));
            }

            var refused = await SignInAsync(attacker, user.Email, user.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            waits.Add(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
            elsewhere.Add((await SignInAsync(owner, user.Email, user.Password)).Path);
            server.Clock.Advance(TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(Enumerable.Repeat(SignInPageTests.InvalidCredentials, 60), failures);
        Assert.Equal([60, 120, 240, 480, 900, 900], waits.Select(wait => Math.Round(wait / 10) * 10));
        Assert.Equal(Enumerable.Repeat("/", 6), elsewhere);
        var alert = Assert.Single(await AlertsAsync(server, SecurityAlertTypes.BruteForce));
        Assert.Equal(AlertSeverities.Medium, alert.Severity);
        Assert.Equal(await TestUsers.IdOfAsync(server, user), alert.UserId);
        Assert.Equal("203.0.113.20", alert.IpAddress);
    }

    [Fact]
    public async Task The_owner_is_mailed_once_with_where_to_secure_the_account_and_an_unknown_identifier_is_blocked_alike_without_mail()
    {
        var server = await _servers.StartAsync();
        var user = await TestUsers.CreateAsync(server);
        var unknown = Nobody();
        using var attacker = From(server, "203.0.113.30");

        var pages = new List<Navigation>();
        foreach (var identifier in new[] { user.Email, unknown })
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                await SignInAsync(attacker, identifier, "Wrong#2026dev");
            }

            pages.Add(await SignInAsync(attacker, identifier, "Wrong#2026dev"));
        }

        // A second block of the same pair is the same episode: no second e-mail.
        server.Clock.Advance(TimeSpan.FromSeconds(61));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await SignInAsync(attacker, user.Email, "Wrong#2026dev");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(attacker, user.Email, user.Password)).Status);
        var mail = await MailAfterQueuedAsync(server, user.Email);

        Assert.Equal(pages[0].Status, pages[1].Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, pages[1].Status);
        Assert.Equal(Normalized(pages[1], unknown), Normalized(pages[0], user.Email));
        var notice = Assert.Single(mail);
        Assert.Equal(EnglishSubject, notice.Subject);
        Assert.Contains("There were 10 failed attempts", notice.Body, StringComparison.Ordinal);
        Assert.Contains("203.0.113.30", notice.Body, StringComparison.Ordinal);
        Assert.Contains("http://localhost/account/forgot-password?ui_locales=en", notice.Body, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5300/security", notice.Body, StringComparison.Ordinal);
        Assert.Empty(MailTo(server, unknown));
        Assert.Equal(2, (await AlertsAsync(server, SecurityAlertTypes.BruteForce)).Count);
    }

    [Fact]
    public async Task A_Korean_account_gets_the_notice_in_Korean()
    {
        var server = await _servers.StartAsync();
        var user = await TestUsers.CreateAsync(server);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = (await users.FindByEmailAsync(user.Email))!;
            account.Locale = "ko-KR";
            await users.UpdateAsync(account);
        }

        using var attacker = From(server, "2001:db8:30::7");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await SignInAsync(attacker, user.Email, "Wrong#2026dev");
        }

        var notice = Assert.Single(await MailAfterQueuedAsync(server, user.Email));
        Assert.Equal("누군가 Aict 계정에 로그인을 시도했습니다", notice.Subject);
        Assert.Contains("2001:db8:30::/64", notice.Body, StringComparison.Ordinal);
        Assert.Contains("ui_locales=ko", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_pair_leaves_the_passkey_sign_in_open_from_the_same_address()
    {
        var server = await _servers.StartAsync();
        using var attacker = From(server, "203.0.113.40");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await SignInAsync(attacker, DemoRealm.Alice.Email, "Wrong#2026dev");
        }

        var login = await attacker.GoAsync("/account/login");
        var blocked = await attacker.SignInAsync(login, DemoRealm.Alice.Email, DemoRealm.Alice.Password);
        var passkey = await attacker.GoAsync("/Account/Passkey");
        var fields = passkey.Document.QuerySelectorAll("#passkey-form input")
            .Select(input => KeyValuePair.Create(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty));
        using var options = await attacker.Http.PostAsync("/Account/Passkey?handler=Options", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal(HttpStatusCode.OK, passkey.Status);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
    }

    [Fact]
    public async Task A_block_set_on_one_instance_holds_on_another_that_shares_the_counters()
    {
        var first = await _servers.StartAsync();
        var second = await _servers.StartAsync(new Dictionary<string, string?>
        {
            ["Detection:KeyPrefix"] = first.DetectionPrefix,
        });
        var unknown = Nobody();
        using var attackerAtFirst = From(first, "203.0.113.50");
        using var attackerAtSecond = From(second, "203.0.113.50");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await SignInAsync(attackerAtFirst, unknown, "Wrong#2026dev");
        }

        var refused = await Eventually.MatchAsync(() => SignInAsync(attackerAtSecond, unknown, "Wrong#2026dev"),
            page => page.Status == HttpStatusCode.TooManyRequests, "the block published to the other instance", seconds: 5);

        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    /// <summary>The brute-force notices to <paramref name="email"/>, once the mailer has sent everything queued so far (in order).</summary>
    private static async Task<List<EmailMessage>> MailAfterQueuedAsync(IdentityServerFactory server, string email)
    {
        var marker = await TestUsers.CreateAsync(server);
        server.Services.GetRequiredService<AccountNotices<BruteForceNotice>>().Enqueue(new BruteForceNotice(
            await TestUsers.IdOfAsync(server, marker), "192.0.2.1", 10, CultureInfo.GetCultureInfo("en"), DateTimeOffset.UtcNow));
        await Eventually.MatchAsync(() => Task.FromResult(MailTo(server, marker.Email).Count), count => count == 1, $"the notice to {marker.Email}");
        return MailTo(server, email);
    }

    private static List<EmailMessage> MailTo(IdentityServerFactory server, string email) =>
        [.. server.Services.GetRequiredService<DevelopmentOutbox>().Messages.Select(sent => sent.Message).Where(message => message.To == email)];

    // The page with what must differ between two requests blanked: anti-forgery tokens and the address typed.
    private static string Normalized(Navigation page, string email)
    {
        var html = page.Html;
        foreach (var token in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]"))
        {
            html = html.Replace(token.GetAttribute("value")!, "{token}", StringComparison.Ordinal);
        }

        return html.Replace(HtmlEncoder.Default.Encode(email), "{email}", StringComparison.Ordinal).Replace(email, "{email}", StringComparison.Ordinal);
    }
}
