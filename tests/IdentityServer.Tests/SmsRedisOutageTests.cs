using System.Diagnostics.Metrics;
using System.Globalization;
using Aict.IdentityServer.Detection;
using Aict.IdentityServer.Detection.Abuse;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Tests;

/// <summary>SMS codes live in Redis; while it is down a send fails cleanly and no text goes out.</summary>
public sealed class SmsRedisOutageTests
{
    [Fact]
    public async Task A_send_while_redis_is_unreachable_answers_failed_and_sends_nothing()
    {
        // Nothing listens on port 1: every command fails fast with a connection error.
        await using var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=200");
        var options = Options.Create(new SmsOptions());
        var sender = new CountingSender();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        // The abuse rules fail open on their own; this test is about the code store.
        var detection = Options.Create(new DetectionOptions { Enabled = false });
        var http = new HttpContextAccessor();
        var alerts = new AbuseAlerts(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<AbuseAlerts>.Instance);
        var codes = new SmsCodes(
            new SmsCodeStore(redis, options, new SmsCodeHash(new byte[SmsCodeHash.MinimumKeyBytes]), TimeProvider.System),
            new SmsSendLimiter(redis, options, TimeProvider.System),
            new SmsPumpingRule(redis, http, alerts, Options.Create(new SmsPumpingOptions()), detection, TimeProvider.System,
                NullLogger<SmsPumpingRule>.Instance),
            new MfaFatigueRule(redis, http, alerts, Options.Create(new MfaFatigueOptions()), detection, TimeProvider.System,
                NullLogger<MfaFatigueRule>.Instance),
            sender,
            new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(
                Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)),
            options,
            new AictMetrics(meters),
            NullLogger<SmsCodes>.Instance);

        var result = await codes.SendAsync("user-1", "+821012345678", SmsCodePurpose.SignIn, CultureInfo.GetCultureInfo("en"));

        Assert.Equal(SmsSendStatus.Failed, result.Status);
        Assert.Equal(0, sender.Sent);
    }

    private sealed class CountingSender : ISmsSender
    {
        public int Sent { get; private set; }

        public Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            Sent++;
            return Task.FromResult(SmsDelivery.Sent);
        }
    }
}
