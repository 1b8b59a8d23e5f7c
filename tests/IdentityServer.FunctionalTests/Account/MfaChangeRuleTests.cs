using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.SignIn.Mfa;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>Factor changes need a recent sign-in, and an account an app demands MFA of keeps at least one factor.</summary>
public abstract class MfaChangeRuleTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Eleven_minutes_after_signing_in_every_factor_change_asks_for_a_new_sign_in_but_the_summary_still_shows()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolTotpAsync();

        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        await client.RefreshAsync();

        foreach (var change in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.PostAsync("totp"),
            () => client.PostAsync("totp/confirm", new { code = "123456" }),
            () => client.DeleteAsync("totp"),
            () => client.PostAsync("recovery-codes"),
            () => client.PostAsync("phone", new { phoneNumber = NewNumber() }),
            () => client.PostAsync("phone/resend"),
            () => client.PostAsync("phone/confirm", new { code = "123456" }),
            () => client.DeleteAsync("phone"),
        })
        {
            using var response = await change();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(RecentSignIn.ProblemType, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
        }

        Assert.True((await client.SummaryAsync()).GetProperty("totp").GetBoolean());
    }

    [Fact]
    public async Task Signing_in_again_allows_the_change()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var first = await PortalSession.SignInAsync(Factory, user);
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var tokens = await first.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, first.Tokens.RefreshToken!);
        first.Api.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        using var refused = await first.Api.PostAsJsonAsync("/api/account/mfa/totp", new { });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var again = await PortalSession.SignInAsync(Factory, user);
        using var allowed = await again.Api.PostAsJsonAsync("/api/account/mfa/totp", new { });

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_last_factor_of_an_account_using_an_app_that_requires_mfa_cannot_be_removed_but_one_of_two_can()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolTotpAsync();
        await client.EnrolPhoneAsync(NewNumber());
        await GrantAppRequiringMfaAsync(client.Account.UserId);
        Assert.True((await client.SummaryAsync()).GetProperty("required").GetBoolean());

        using var firstRemoved = await client.DeleteAsync("phone");
        using var lastRefused = await client.DeleteAsync("totp");

        Assert.Equal(HttpStatusCode.NoContent, firstRemoved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastRefused.StatusCode);
        Assert.Contains("requires two-step sign-in", (await lastRefused.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        var summary = await client.SummaryAsync();
        Assert.True(summary.GetProperty("totp").GetBoolean());
        Assert.True(await client.Account.TwoFactorEnabledAsync());
    }

    [Fact]
    public async Task Without_an_app_requiring_mfa_the_last_factor_can_go()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolPhoneAsync(NewNumber());

        using var removed = await client.DeleteAsync("phone");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False((await client.SummaryAsync()).GetProperty("required").GetBoolean());
    }

    /// <summary>A client registered with <c>require_mfa</c>, and a valid authorization of the user for it.</summary>
    private async Task GrantAppRequiringMfaAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = $"mfa-app-{Guid.NewGuid():N}", ClientType = ClientTypes.Public };
        descriptor.Properties[MfaRequirement.ClientProperty] = JsonSerializer.SerializeToElement(true);
        var application = await applications.CreateAsync(descriptor);
        await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application),
            Subject = userId,
            Status = Statuses.Valid,
            Type = AuthorizationTypes.Permanent,
            CreationDate = Factory.Clock.GetUtcNow(),
        });
    }
}

// Servers of their own: these tests move the clock past the recent-sign-in window and register clients.
public sealed class MfaChangeRuleTestsOnSqlite(SqliteServer server) : MfaChangeRuleTests(server), IClassFixture<SqliteServer>;

public sealed class MfaChangeRuleTestsOnPostgres(PostgresServer server) : MfaChangeRuleTests(server), IClassFixture<PostgresServer>;
