using System.Net;
using Aict.IdentityServer.FunctionalTests.Account;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>With <c>Detection:Enabled=false</c> no abuse rule counts, refuses or alerts; the refresh-token family is still revoked.</summary>
public sealed class AbuseRulesOffTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private IdentityServerFactory _factory = null!;

    [Fact]
    public async Task No_abuse_rule_refuses_or_alerts_when_detection_is_off()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var flow = new CodeFlow(_factory);
        var first = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), user);
        var second = await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, second.RefreshToken!)).Error);

        var client = await MfaApiClient.SignInAsync(_factory);
        TestClientAddress.From(client.Api, "198.51.100.8");
        foreach (var number in Enumerable.Range(0, 4).Select(_ => SmsServer.NewNumber()))
        {
            using var sent = await client.PostAsync("phone", new { phoneNumber = number });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var userId = await TestUsers.IdOfAsync(_factory, user);
        var codes = _factory.Services.GetRequiredService<SmsCodes>();
        for (var send = 0; send < 4; send++)
        {
            Assert.Equal(SmsSendResult.Sent, await codes.SendAsync(userId, SmsServer.NewNumber(), SmsCodePurpose.SignIn, SmsServer.English));
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SecurityAlerts.Select(a => a.Type).ToListAsync());
    }

    public async Task InitializeAsync()
    {
        _factory = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            ["Detection:Enabled"] = "false",
            ["Detection:SmsPumping:NumbersPerNetwork"] = "3",
            ["Detection:MfaFatigue:Challenges"] = "3",
            ["Sms:SendsPerUser"] = "1000",
        });
        using var client = _factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();
}
