using Aict.IdentityServer.SignIn.Mfa.Sms;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>At most five codes an hour per user and per number (the defaults), counted on the server's clock.</summary>
public sealed class SmsSendLimitTests(OutboxSmsServer server) : IClassFixture<OutboxSmsServer>
{
    [Fact]
    public async Task A_sixth_send_to_one_user_within_the_hour_is_refused_with_a_retry_time_and_allowed_an_hour_later()
    {
        var user = NewUserId();
        for (var send = 0; send < 5; send++)
        {
            Assert.Equal(SmsSendResult.Sent, await server.Codes.SendAsync(user, NewNumber(), SmsCodePurpose.SignIn, English));
        }

        var number = NewNumber();
        var refused = await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);

        Assert.Equal(SmsSendStatus.TooManySends, refused.Status);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Empty(server.SentTo(number));

        server.Factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SmsSendResult.Sent, await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English));
    }

    [Fact]
    public async Task A_sixth_send_to_one_number_within_the_hour_is_refused_whoever_asks()
    {
        var number = NewNumber();
        for (var send = 0; send < 5; send++)
        {
            Assert.Equal(SmsSendResult.Sent, await server.Codes.SendAsync(NewUserId(), number, SmsCodePurpose.EnrolPhone, English));
        }

        var refused = await server.Codes.SendAsync(NewUserId(), number, SmsCodePurpose.EnrolPhone, English);

        Assert.Equal(SmsSendStatus.TooManySends, refused.Status);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(5, server.SentTo(number).Count);
    }

    [Fact]
    public async Task A_refused_send_leaves_the_live_code_working()
    {
        var (user, number) = (NewUserId(), NewNumber());
        for (var send = 0; send < 5; send++)
        {
            await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        }

        var code = server.LatestCodeFor(number);
        Assert.Equal(SmsSendStatus.TooManySends, (await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English)).Status);

        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }
}
