using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The account API's phone factor: a code sent through the Development outbox proves the number.</summary>
public abstract class PhoneFactorApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    private DevelopmentSmsOutbox Outbox => Factory.Services.GetRequiredService<DevelopmentSmsOutbox>();

    [Fact]
    public async Task A_phone_is_added_with_the_code_sent_to_it_and_shows_masked()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var number = NewNumber();

        using var sent = await client.PostAsync("phone", new { phoneNumber = number[..3] + " " + number[3..5] + "-" + number[5..] });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var masked = $"+82 •••• {number[^4..]}";
        Assert.Equal(masked, (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString());
        Assert.Equal(masked, (await client.SummaryAsync()).GetProperty("pendingPhone").GetString());
        Assert.False(await client.Account.TwoFactorEnabledAsync());

        using var confirmed = await client.PostAsync("phone/confirm", new { code = client.LatestCodeTo(number) });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(RecoveryCodeSet.CodesPerSet, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodes").GetArrayLength());
        var summary = await client.SummaryAsync();
        Assert.Equal(masked, summary.GetProperty("phone").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("pendingPhone").ValueKind);
        Assert.True(await client.Account.TwoFactorEnabledAsync());
        Assert.Contains(AuditEventTypes.PhoneEnrolled, await client.Account.AuditTypesAsync());
    }

    [Fact]
    public async Task The_code_is_written_in_the_language_of_the_request()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var number = NewNumber();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/mfa/phone") { Content = JsonContent.Create(new { phoneNumber = number }) };
        request.Headers.AcceptLanguage.ParseAdd("ko-KR");

        using var sent = await client.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("인증", Outbox.Messages.First(m => m.Message.To == number).Message.Body);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_the_right_one_still_works_but_an_expired_one_does_not()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var number = NewNumber();
        (await client.PostAsync("phone", new { phoneNumber = number })).EnsureSuccessStatusCode();
        var code = client.LatestCodeTo(number);

        using var wrong = await client.PostAsync("phone/confirm", new { code = code == "000000" ? "111111" : "000000" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("not correct", Detail(await wrong.Content.ReadFromJsonAsync<ValidationProblemDetails>()));
        Assert.Null((await client.SummaryAsync()).GetProperty("phone").GetString());

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        await client.RefreshAsync();
        using var expired = await client.PostAsync("phone/confirm", new { code });

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("expired", Detail(await expired.Content.ReadFromJsonAsync<ValidationProblemDetails>()));
        Assert.False(await client.Account.TwoFactorEnabledAsync());
    }

    [Fact]
    public async Task A_resent_code_replaces_the_earlier_one()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var number = NewNumber();
        (await client.PostAsync("phone", new { phoneNumber = number })).EnsureSuccessStatusCode();
        var first = client.LatestCodeTo(number);

        using var resent = await client.PostAsync("phone/resend");

        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var second = client.LatestCodeTo(number);
        if (first != second)
        {
            using var old = await client.PostAsync("phone/confirm", new { code = first });
            Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        }

        using var confirmed = await client.PostAsync("phone/confirm", new { code = second });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Theory]
    [InlineData("010-1234-5678")]
    [InlineData("call me")]
    [InlineData("+0 10 1234 5678")]
    public async Task A_number_not_in_international_form_is_a_validation_problem_and_nothing_is_sent(string number)
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var before = Outbox.Messages.Count;

        using var response = await client.PostAsync("phone", new { phoneNumber = number });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains(problem.Errors, e => string.Equals(e.Key, "phoneNumber", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, Outbox.Messages.Count);
        Assert.Null((await client.SummaryAsync()).GetProperty("pendingPhone").GetString());
    }

    [Fact]
    public async Task A_sixth_code_within_the_hour_is_refused_with_retry_after_and_the_pending_number_stays()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var number = NewNumber();
        (await client.PostAsync("phone", new { phoneNumber = number })).EnsureSuccessStatusCode();
        for (var resend = 0; resend < 4; resend++)
        {
            (await client.PostAsync("phone/resend")).EnsureSuccessStatusCode();
        }

        using var refused = await client.PostAsync("phone", new { phoneNumber = NewNumber() });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Equal($"+82 •••• {number[^4..]}", (await client.SummaryAsync()).GetProperty("pendingPhone").GetString());
        using var confirmed = await client.PostAsync("phone/confirm", new { code = client.LatestCodeTo(number) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Fact]
    public async Task A_verified_phone_must_be_removed_before_another_is_added_and_removing_it_is_audited()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolPhoneAsync(NewNumber());

        using var another = await client.PostAsync("phone", new { phoneNumber = NewNumber() });
        using var removed = await client.DeleteAsync("phone");
        using var again = await client.DeleteAsync("phone");

        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Null((await client.SummaryAsync()).GetProperty("phone").GetString());
        Assert.False(await client.Account.TwoFactorEnabledAsync());
        Assert.Equal(AuditEventTypes.PhoneRemoved, (await client.Account.AuditTypesAsync())[^1]);
    }

    [Fact]
    public async Task Confirming_or_resending_with_no_number_pending_is_a_conflict()
    {
        var client = await MfaApiClient.SignInAsync(Factory);

        using var confirmed = await client.PostAsync("phone/confirm", new { code = "123456" });
        using var resent = await client.PostAsync("phone/resend");

        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resent.StatusCode);
    }

    private static string Detail(ValidationProblemDetails? problem) => string.Join(" ", problem!.Errors.SelectMany(e => e.Value));
}

// Servers of their own: these tests move the clock past the codes' lifetime.
public sealed class PhoneFactorApiTestsOnSqlite(SqliteServer server) : PhoneFactorApiTests(server), IClassFixture<SqliteServer>;

public sealed class PhoneFactorApiTestsOnPostgres(PostgresServer server) : PhoneFactorApiTests(server), IClassFixture<PostgresServer>;
