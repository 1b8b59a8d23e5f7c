using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>
/// An IdentityServer of its own for SMS tests (they move its clock), in Development on SQLite, with
/// its SMS keys under a prefix of their own in the test Redis.
/// </summary>
public abstract class SmsServer(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public IdentityServerFactory Factory { get; private set; } = null!;

    /// <summary>This server's SMS keys in the test Redis start with it.</summary>
    public string KeyPrefix { get; } = TestRedis.NewPrefix() + "sms:";

    /// <summary>This server's <c>Sms:CodeHashKey</c>.</summary>
    public string CodeHashKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public SmsCodes Codes => Factory.Services.GetRequiredService<SmsCodes>();

    public async Task InitializeAsync()
    {
        var all = new Dictionary<string, string?>(settings) { ["Sms:KeyPrefix"] = KeyPrefix, ["Sms:CodeHashKey"] = CodeHashKey };
        Factory = new IdentityServerFactory(_database, all);
        using var client = Factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public static string NewUserId() => Guid.NewGuid().ToString();

    /// <summary>A Korean mobile number no other test uses.</summary>
    public static string NewNumber() => "+8210" + RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);

    public static string CodeIn(string body) => Regex.Match(body, "[0-9]{6}").Value;

    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");
}

/// <summary>SMS go to the Development outbox (the default in Development).</summary>
public sealed class OutboxSmsServer() : SmsServer(new Dictionary<string, string?>())
{
    public DevelopmentSmsOutbox Outbox => Factory.Services.GetRequiredService<DevelopmentSmsOutbox>();

    public IReadOnlyList<SentSms> SentTo(string number) => [.. Outbox.Messages.Where(sent => sent.Message.To == number)];

    /// <summary>The newest SMS in the outbox, if any.</summary>
    public SentSms? Newest => Outbox.Messages is [var newest, ..] ? newest : null;

    /// <summary>The code in the newest SMS to the number.</summary>
    public string LatestCodeFor(string number) => CodeIn(SentTo(number)[0].Message.Body);
}
