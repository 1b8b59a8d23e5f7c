using System.Net;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>The SMS provider is chosen by configuration; Development's outbox never reaches Production.</summary>
public sealed class SmsConfigurationTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Smtp = new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:From"] = "no-reply@aict.example",
    };

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task In_Development_SMS_go_to_the_outbox_page_beside_the_email()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Sms:KeyPrefix"] = TestRedis.NewPrefix() });
        using var http = factory.CreateBackChannel();
        var number = NewNumber();

        await factory.Services.GetRequiredService<SmsCodes>().SendAsync(NewUserId(), number, SmsCodePurpose.EnrolPhone, English);
        using var response = await http.GetAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<DevelopmentSmsOutbox>(factory.Services.GetRequiredService<ISmsSender>());
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var sms = Assert.Single(page.QuerySelectorAll("article.outbox-sms"));
        Assert.Equal(number, sms.QuerySelector(".to")?.TextContent);
        Assert.Matches("^Your Aict Identity code is [0-9]{6}\\. It expires in 5 minutes\\.$", sms.QuerySelector(".body")?.TextContent);
    }

    [Fact]
    public async Task Outside_Development_the_outbox_provider_stops_start_up_and_says_why()
    {
        await using var factory = Production(new() { ["Sms:Provider"] = "Outbox" });

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Sms:Provider Outbox", failure.ToString());
        Assert.Contains("Development only", failure.ToString());
    }

    [Fact]
    public async Task Outside_Development_Twilio_without_its_settings_stops_start_up_naming_the_keys()
    {
        await using var factory = Production([]);

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Sms:Twilio:AccountSid", failure.ToString());
        Assert.Contains("Sms:Twilio:AuthToken", failure.ToString());
        Assert.Contains("Sms:Twilio:From", failure.ToString());
    }

    [Fact]
    public async Task A_Twilio_base_URL_that_would_send_the_token_in_clear_text_off_the_machine_stops_start_up()
    {
        await using var factory = Production(new()
        {
            ["Sms:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Sms:Twilio:From"] = FakeTwilio.From,
            ["Sms:Twilio:BaseUrl"] = "http://twilio.example.net/",
        });

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Sms:Twilio:BaseUrl", failure.ToString());
        Assert.DoesNotContain(FakeTwilio.AuthToken, failure.ToString());
    }

    [Fact]
    public async Task Outside_Development_Twilio_sends_and_the_outbox_page_does_not_exist()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var factory = Production(twilio.Settings());
        using var http = factory.CreateBackChannel();

        using var response = await http.GetAsync("/dev/outbox");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.IsType<TwilioSmsSender>(factory.Services.GetRequiredService<ISmsSender>());
        Assert.Null(factory.Services.GetService<DevelopmentSmsOutbox>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("c2hvcnQta2V5")]
    [InlineData("not base64!")]
    public async Task Outside_Development_a_missing_or_short_code_hash_key_stops_start_up_naming_the_key(string? key)
    {
        await using var factory = Production(new()
        {
            ["Sms:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Sms:Twilio:From"] = FakeTwilio.From,
            ["Sms:CodeHashKey"] = key,
        });

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Sms:CodeHashKey must be base64 of at least 32 random bytes", failure.ToString());
    }

    private IdentityServerFactory Production(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(Smtp.Concat(IdentityServerFactory.ProductionPasskeySettings))
        {
            ["Sms:KeyPrefix"] = TestRedis.NewPrefix(),
            ["Sms:CodeHashKey"] = IdentityServerFactory.SmsCodeHashKey,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new(_database, all, "Production");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
