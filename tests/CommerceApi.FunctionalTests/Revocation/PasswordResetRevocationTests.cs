using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Revocation;

/// <summary>A password reset at IdentityServer, seen by CommerceApi: the user's earlier tokens stop working.</summary>
public abstract partial class PasswordResetRevocationTests(CommerceServices services, Func<TestDatabase> database)
{
    private const string Path = "/api/categories";

    [Fact]
    public async Task A_password_reset_makes_CommerceApi_refuse_the_users_access_token_and_its_refresh_token_gets_invalid_grant()
    {
        await using var instance = new OwnApi(services.Identity, database(), settings: null);
        var user = await NewUserAsync();
        var flow = new CodeFlow(services.Identity);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access products:read"), user);
        using var api = instance.CreateClient(tokens.AccessToken);
        using (var before = await api.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await ResetPasswordAsync(user.Email, "Reset#2026new");

        using var after = await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString());
        Assert.Equal("The access token has been revoked.", (await after.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
    }

    // A user of this test's own: the demo users keep their documented passwords for the other tests.
    private async Task<DemoUser> NewUserAsync()
    {
        var user = new DemoUser($"reset-{Guid.NewGuid():N}@example.com", "Reset#2026old");
        await using var scope = services.Identity.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>()
            .CreateAsync(new ApplicationUser { UserName = user.Email, Email = user.Email, EmailConfirmed = true }, user.Password);
        Assert.True(created.Succeeded);
        return user;
    }

    // The user's own journey on IdentityServer's pages: ask for a link, open it from the outbox, choose a password.
    private async Task ResetPasswordAsync(string email, string newPassword)
    {
        using var browser = services.Identity.CreateBrowser();
        await browser.SubmitAsync(await browser.GoAsync("/account/forgot-password"), new Dictionary<string, string> { ["Input.Email"] = email });
        var form = await browser.GoAsync(await ResetLinkAsync(email));
        var done = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmNewPassword"] = newPassword,
        });
        Assert.Equal("/account/reset-password/done", done.Path);
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        var outbox = services.Identity.Services.GetRequiredService<DevelopmentOutbox>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (outbox.Messages.FirstOrDefault(sent => sent.Message.To == email) is { } mail)
            {
                return ResetLink().Match(mail.Message.Body).Value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No e-mail to {email} in the outbox.");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}

[Collection(OnSqlite.Name)]
public sealed class PasswordResetRevocationOnSqlite(SqliteServices services) : PasswordResetRevocationTests(services, TestDatabase.Sqlite);

[Collection(OnPostgres.Name)]
public sealed class PasswordResetRevocationOnPostgres(PostgresServices services) : PasswordResetRevocationTests(services, TestDatabase.Postgres);
