using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>The real Twilio SDK over real HTTP against <see cref="FakeTwilio"/>: what Twilio receives, and how its refusals are read.</summary>
public sealed class TwilioSmsTests(TwilioSmsServer server) : IClassFixture<TwilioSmsServer>
{
    [Fact]
    public async Task A_code_reaches_Twilio_from_the_configured_number_with_the_account_credentials()
    {
        var (user, number) = (NewUserId(), NewNumber());

        var sent = await server.Codes.SendAsync(user, number, SmsCodePurpose.EnrolPhone, English);

        Assert.Equal(SmsSendResult.Sent, sent);
        var message = Assert.Single(server.Twilio.Messages, message => message.To == number);
        Assert.Equal(FakeTwilio.AccountSid, message.AccountSid);
        Assert.Equal(FakeTwilio.From, message.From);
        Assert.Null(message.MessagingServiceSid);
        Assert.Matches("^Your Aict Identity code is [0-9]{6}\\. It expires in 5 minutes\\.$", message.Body);
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.EnrolPhone, CodeIn(message.Body)));
    }

    [Fact]
    public async Task A_messaging_service_sends_instead_of_a_number_when_configured()
    {
        await using var own = server.Factory.WithWebHostBuilder(builder => builder
            .UseSetting("Sms:Twilio:From", "")
            .UseSetting("Sms:Twilio:MessagingServiceSid", "MG00000000000000000000000000000001"));
        var number = NewNumber();

        var sent = await own.Services.GetRequiredService<SmsCodes>().SendAsync(NewUserId(), number, SmsCodePurpose.SignIn, English);

        Assert.Equal(SmsSendResult.Sent, sent);
        var message = Assert.Single(server.Twilio.Messages, message => message.To == number);
        Assert.Equal("MG00000000000000000000000000000001", message.MessagingServiceSid);
        Assert.Null(message.From);
    }

    [Fact]
    public async Task Twilio_refusing_the_number_is_an_invalid_number_and_leaves_no_live_code()
    {
        var user = NewUserId();
        var requests = server.Twilio.Requests;

        var sent = await server.Codes.SendAsync(user, FakeTwilio.InvalidNumber, SmsCodePurpose.EnrolPhone, English);

        Assert.Equal(SmsSendResult.InvalidNumber, sent);
        Assert.Equal(requests + 1, server.Twilio.Requests);
        Assert.DoesNotContain(server.Twilio.Messages, message => message.To == FakeTwilio.InvalidNumber);
        Assert.Equal(SmsCodeVerification.Expired, await server.Codes.VerifyAsync(user, SmsCodePurpose.EnrolPhone, "000000"));
    }

    [Fact]
    public async Task The_sender_reads_Twilios_400_for_a_number_that_is_not_E164_as_an_invalid_number()
    {
        var sender = server.Factory.Services.GetRequiredService<ISmsSender>();

        var delivery = await sender.SendAsync(new SmsMessage("010-1234-5678", "Hello"));

        Assert.Equal(SmsDelivery.InvalidNumber, delivery);
    }

    [Fact]
    public async Task A_number_that_is_not_E164_never_reaches_Twilio()
    {
        var requests = server.Twilio.Requests;

        var sent = await server.Codes.SendAsync(NewUserId(), "12345", SmsCodePurpose.SignIn, English);

        Assert.Equal(SmsSendResult.InvalidNumber, sent);
        Assert.Equal(requests, server.Twilio.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_send_with_a_logged_error_that_does_not_hold_the_token()
    {
        var logs = new RecordedLogs();
        const string wrongToken = "wrong-token-that-must-not-be-logged";
        await using var own = server.Factory.WithWebHostBuilder(builder => builder
            .UseSetting("Sms:Twilio:AuthToken", wrongToken)
            .ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        var number = NewNumber();

        var sent = await own.Services.GetRequiredService<SmsCodes>().SendAsync(NewUserId(), number, SmsCodePurpose.SignIn, English);

        Assert.Equal(SmsSendResult.Failed, sent);
        Assert.DoesNotContain(server.Twilio.Messages, message => message.To == number);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("HTTP 401, error 20003", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(wrongToken, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(FakeTwilio.AuthToken, StringComparison.Ordinal));
    }
}

/// <summary>An IdentityServer whose SMS go through the Twilio SDK to a fake Twilio of its own.</summary>
public sealed class TwilioSmsServer : IAsyncLifetime
{
    private OutboxlessServer? _server;

    public FakeTwilio Twilio { get; private set; } = null!;

    public IdentityServerFactory Factory => _server!.Factory;

    public SmsCodes Codes => _server!.Codes;

    public async Task InitializeAsync()
    {
        Twilio = await FakeTwilio.StartAsync();
        _server = new OutboxlessServer(Twilio.Settings());
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    private sealed class OutboxlessServer(IReadOnlyDictionary<string, string?> settings) : SmsServer(settings);
}
