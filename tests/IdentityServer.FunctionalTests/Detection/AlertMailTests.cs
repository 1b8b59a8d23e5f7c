using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Alert mail to the administrators, on a server of its own: at or above medium only,
/// in each administrator's language, only to confirmed addresses, and at most one per type per interval with a count of the rest.
/// </summary>
public sealed class AlertMailTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private IdentityServerFactory _factory = null!;

    private DevelopmentOutbox Outbox => _factory.Services.GetRequiredService<DevelopmentOutbox>();

    [Fact]
    public async Task Administrators_get_one_mail_per_type_per_interval_in_their_language_and_the_next_counts_the_rest()
    {
        var korean = await AdministratorAsync(locale: "ko-KR", confirmed: true);
        var unconfirmed = await AdministratorAsync(locale: null, confirmed: false);
        var low = Guid.NewGuid().ToString("N");
        var first = Guid.NewGuid().ToString("N");
        await RaiseAsync(AlertSeverities.Low, low);
        await RaiseAsync(AlertSeverities.Medium, first);
        await RaiseAsync(AlertSeverities.High, Guid.NewGuid().ToString("N"));
        await RaiseAsync(AlertSeverities.High, Guid.NewGuid().ToString("N"));

        var english = await MailsToAsync(DemoRealm.Admin.Email, first);
        var hangul = await MailsToAsync(korean, first);

        Assert.Contains("brute_force", english.Subject, StringComparison.Ordinal);
        Assert.Contains("Reasons: seen by a test", english.Body, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", english.Body, StringComparison.Ordinal);
        Assert.StartsWith("[Aict] 보안 경보", hangul.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(Outbox.Messages, m => m.Message.To == unconfirmed);
        Assert.DoesNotContain(Outbox.Messages, m => m.Message.Body.Contains(low, StringComparison.Ordinal));
        var redis = _factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var mailed = $"{_factory.DetectionPrefix}alert-mail:brute_force";
        await Eventually.MatchAsync(async () => (long?)await redis.StringGetAsync(mailed + ":held"), held => held == 2, "two alerts held back");
        Assert.Single(Outbox.Messages, m => m.Message.To == DemoRealm.Admin.Email && m.Message.Subject.Contains("brute_force", StringComparison.Ordinal));

        await redis.KeyDeleteAsync(mailed); // as when the interval has passed
        var next = Guid.NewGuid().ToString("N");
        await RaiseAsync(AlertSeverities.Medium, next);

        Assert.Contains("2 more alerts of this type", (await MailsToAsync(DemoRealm.Admin.Email, next)).Body, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        _factory = new IdentityServerFactory(_database);
        using var client = _factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private async Task RaiseAsync(string severity, string subject)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(new SecurityAlertDraft(
            SecurityAlertTypes.BruteForce, severity, ["seen by a test"], Subject: subject, Address: IPAddress.Parse("203.0.113.9")));
    }

    private async Task<EmailMessage> MailsToAsync(string address, string subject) =>
        (await Eventually.MatchAsync(
            () => Task.FromResult(Outbox.Messages.Where(m => m.Message.To == address && m.Message.Body.Contains(subject, StringComparison.Ordinal)).ToList()),
            found => found.Count > 0, $"the alert mail to {address}", seconds: 10))[0].Message;

    private async Task<string> AdministratorAsync(string? locale, bool confirmed)
    {
        var user = await TestUsers.CreateAsync(_factory, role: "admin");
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = (await users.FindByEmailAsync(user.Email))!;
        account.Locale = locale;
        account.EmailConfirmed = confirmed;
        await users.UpdateAsync(account);
        return user.Email;
    }
}
