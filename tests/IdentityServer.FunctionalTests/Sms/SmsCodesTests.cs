using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Sms;

/// <summary>SMS one-time codes: random, single-use, short-lived, bound to the user and purpose, with a cap on wrong tries.</summary>
public sealed class SmsCodesTests(OutboxSmsServer server) : IClassFixture<OutboxSmsServer>
{
    [Fact]
    public async Task A_sent_code_reaches_the_outbox_in_English_and_is_valid_once()
    {
        var (user, number) = (NewUserId(), NewNumber());

        var sent = await server.Codes.SendAsync(user, number, SmsCodePurpose.EnrolPhone, English);

        Assert.Equal(SmsSendResult.Sent, sent);
        var code = server.LatestCodeFor(number);
        Assert.Equal($"Your Aict Identity code is {code}. It expires in 5 minutes.", server.SentTo(number)[0].Message.Body);
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.EnrolPhone, code));
        Assert.Equal(SmsCodeVerification.Expired, await server.Codes.VerifyAsync(user, SmsCodePurpose.EnrolPhone, code));
    }

    [Fact]
    public async Task Redis_holds_only_a_hash_of_the_code_with_its_expiry_on_the_servers_clock()
    {
        var (user, number) = (NewUserId(), NewNumber());
        var before = server.Factory.Clock.GetUtcNow();
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        var redis = server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var record = (await redis.HashGetAllAsync($"{server.KeyPrefix}code:sign-in:{user}")).ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString());

        Assert.Equal(["attempts", "expires", "hash"], record.Keys.Order());
        Assert.Matches("^[0-9A-F]{64}$", record["hash"]);
        Assert.DoesNotContain(record.Values, value => value.Contains(code, StringComparison.Ordinal));
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(record["expires"], System.Globalization.CultureInfo.InvariantCulture)),
            before + TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1), server.Factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Redis_holds_an_HMAC_under_the_servers_key_not_a_bare_SHA_256_of_the_code_and_the_code_still_works()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        var redis = server.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var stored = (string)(await redis.HashGetAsync($"{server.KeyPrefix}code:sign-in:{user}", "hash"))!;

        var inputs = Encoding.UTF8.GetBytes($"{user}\nsign-in\n{code}");
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(inputs)), stored);
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(server.CodeHashKey), inputs)), stored);
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task A_server_with_another_code_hash_key_cannot_verify_a_code_it_did_not_send()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);
        var options = Options.Create(new SmsOptions { KeyPrefix = server.KeyPrefix });
        var otherSecret = new SmsCodeStore(server.Factory.Services.GetRequiredService<IConnectionMultiplexer>(), options,
            new SmsCodeHash(RandomNumberGenerator.GetBytes(SmsCodeHash.MinimumKeyBytes)), server.Factory.Clock);

        Assert.Equal(SmsCodeVerification.Invalid, await otherSecret.VerifyAsync(user, SmsCodePurpose.SignIn, code));
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task The_message_is_in_Korean_for_a_Korean_user()
    {
        var number = NewNumber();

        await server.Codes.SendAsync(NewUserId(), number, SmsCodePurpose.SignIn, System.Globalization.CultureInfo.GetCultureInfo("ko"));

        var code = server.LatestCodeFor(number);
        Assert.Equal($"Aict 아이덴티티 인증번호는 {code}입니다. 5분 후에 만료됩니다.", server.SentTo(number)[0].Message.Body);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_the_right_one_still_works()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        Assert.Equal(SmsCodeVerification.Invalid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, WrongCode(code)));
        Assert.Equal(SmsCodeVerification.Invalid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, "12 34"));
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task Five_wrong_codes_kill_the_code_so_the_right_one_no_longer_works()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        for (var attempt = 1; attempt < 5; attempt++)
        {
            Assert.Equal(SmsCodeVerification.Invalid, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, WrongCode(code)));
        }

        Assert.Equal(SmsCodeVerification.TooManyAttempts, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, WrongCode(code)));
        Assert.Equal(SmsCodeVerification.TooManyAttempts, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task A_code_is_expired_once_the_clock_passes_its_lifetime()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        server.Factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(SmsCodeVerification.Expired, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
    }

    [Fact]
    public async Task A_new_send_replaces_the_earlier_code()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var first = server.LatestCodeFor(number);
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var second = server.LatestCodeFor(number);

        Assert.Equal(first == second ? SmsCodeVerification.Valid : SmsCodeVerification.Invalid,
            await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, first));
        Assert.Equal(first == second ? SmsCodeVerification.Expired : SmsCodeVerification.Valid,
            await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, second));
    }

    [Fact]
    public async Task A_code_sent_for_one_purpose_does_not_pass_for_the_other_nor_for_another_user()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.EnrolPhone, English);
        var code = server.LatestCodeFor(number);

        Assert.Equal(SmsCodeVerification.Expired, await server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code));
        Assert.Equal(SmsCodeVerification.Expired, await server.Codes.VerifyAsync(NewUserId(), SmsCodePurpose.EnrolPhone, code));
        Assert.Equal(SmsCodeVerification.Valid, await server.Codes.VerifyAsync(user, SmsCodePurpose.EnrolPhone, code));
    }

    [Fact]
    public async Task Two_concurrent_checks_of_the_right_code_cannot_both_pass()
    {
        var (user, number) = (NewUserId(), NewNumber());
        await server.Codes.SendAsync(user, number, SmsCodePurpose.SignIn, English);
        var code = server.LatestCodeFor(number);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => server.Codes.VerifyAsync(user, SmsCodePurpose.SignIn, code))));

        Assert.Single(results, result => result == SmsCodeVerification.Valid);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("010-1234-5678")]
    [InlineData("+0123456789")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("+82 10 12a4 5678")]
    public async Task A_number_that_is_not_E164_is_refused_and_nothing_is_sent(string number)
    {
        var newest = server.Newest;

        var sent = await server.Codes.SendAsync(NewUserId(), number, SmsCodePurpose.EnrolPhone, English);

        Assert.Equal(SmsSendResult.InvalidNumber, sent);
        Assert.Same(newest, server.Newest);
    }

    [Fact]
    public async Task A_number_typed_with_spaces_and_dashes_is_sent_to_in_E164()
    {
        var number = NewNumber();
        var typed = $"{number[..3]} {number[3..5]}-{number[5..9]}-{number[9..]}";

        Assert.Equal(SmsSendResult.Sent, await server.Codes.SendAsync(NewUserId(), typed, SmsCodePurpose.EnrolPhone, English));

        Assert.Single(server.SentTo(number));
    }

    private static string WrongCode(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
