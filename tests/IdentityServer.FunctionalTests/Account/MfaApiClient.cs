using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Mfa;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>A fresh user signed in to the portal, calling the account API's MFA endpoints as the portal does.</summary>
internal sealed class MfaApiClient(IdentityServerFactory factory, PortalSession portal, MfaAccount account)
{
    private string _refreshToken = portal.Tokens.RefreshToken!;

    public PortalSession Portal => portal;

    public MfaAccount Account => account;

    public HttpClient Api => portal.Api;

    public static async Task<MfaApiClient> SignInAsync(IdentityServerFactory factory)
    {
        var user = await TestUsers.CreateAsync(factory);
        return new MfaApiClient(factory, await PortalSession.SignInAsync(factory, user), await MfaAccount.OfAsync(factory, user));
    }

    /// <summary>Refreshes the access token as the portal does (after moving the clock past its lifetime); auth_time stays.</summary>
    public async Task RefreshAsync()
    {
        var tokens = await portal.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, _refreshToken);
        Assert.True(tokens.AccessToken is not null, $"Refresh failed: {tokens.Json}");
        _refreshToken = tokens.RefreshToken!;
        Api.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
    }

    public Task<JsonElement> SummaryAsync() => Api.GetFromJsonAsync<JsonElement>("/api/account/mfa");

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) => Api.PostAsJsonAsync("/api/account/mfa/" + path, body ?? new { });

    public Task<HttpResponseMessage> DeleteAsync(string path) => Api.DeleteAsync("/api/account/mfa/" + path);

    /// <summary>Adds an authenticator app with a code computed from the secret the API gave; returns the secret and the confirmation.</summary>
    public async Task<(byte[] Secret, JsonElement Confirmed)> EnrolTotpAsync()
    {
        TotpCodes.StartNextStep(factory.Clock);
        using var begun = await PostAsync("totp");
        begun.EnsureSuccessStatusCode();
        var secret = Base32Encoding.ToBytes((await begun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manualEntryKey").GetString());
        using var confirmed = await PostAsync("totp/confirm", new { code = TotpCodes.At(secret, factory.Clock.GetUtcNow()) });
        confirmed.EnsureSuccessStatusCode();
        return (secret, await confirmed.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Adds a phone with the code from the Development outbox; returns the confirmation.</summary>
    public async Task<JsonElement> EnrolPhoneAsync(string number)
    {
        using var sent = await PostAsync("phone", new { phoneNumber = number });
        sent.EnsureSuccessStatusCode();
        using var confirmed = await PostAsync("phone/confirm", new { code = LatestCodeTo(number) });
        confirmed.EnsureSuccessStatusCode();
        return await confirmed.Content.ReadFromJsonAsync<JsonElement>();
    }

    public string LatestCodeTo(string number) =>
        SmsServer.CodeIn(factory.Services.GetRequiredService<DevelopmentSmsOutbox>().Messages.First(sms => sms.Message.To == number).Message.Body);
}
