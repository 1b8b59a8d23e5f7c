using System.Text.RegularExpressions;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>The forgotten-password journey's steps: an account of the test's own, the request page, and the outbox.</summary>
internal static partial class ResetMail
{
    public const string OldPassword = "Reset#2026old";

    /// <summary>A confirmed account that only this test uses, since a reset changes its password.</summary>
    public static async Task<DemoUser> NewUserAsync(IServiceProvider services)
    {
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, OldPassword);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(error => error.Description)));
        return new DemoUser(email, OldPassword);
    }

    public static async Task<string> UserIdAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>Fills and sends the forgot-password form; returns the page the browser ends on.</summary>
    public static async Task<Navigation> AskForLinkAsync(Browser browser, string email, string query = "")
    {
        var page = await browser.GoAsync("/account/forgot-password" + query);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        return await browser.SubmitAsync(page, new Dictionary<string, string> { ["Input.Email"] = email });
    }

    /// <summary>The newest reset-link e-mail to <paramref name="email"/>, waiting (bounded) for the background mailer.</summary>
    public static async Task<EmailMessage> MailToAsync(IServiceProvider services, string email, int seconds = 30) =>
        (await Eventually.MatchAsync(() => Task.FromResult(Sent(services, email).FirstOrDefault()), message => message is not null,
            $"an e-mail to {email} in the outbox", seconds))!;

    /// <summary>The reset links sent to <paramref name="email"/>, newest first (not the notices of account changes).</summary>
    public static IEnumerable<EmailMessage> Sent(IServiceProvider services, string email) =>
        services.GetRequiredService<DevelopmentOutbox>().Messages.Select(sent => sent.Message)
            .Where(message => message.To == email && ResetLink().IsMatch(message.Body));

    public static string LinkIn(EmailMessage message) =>
        ResetLink().Match(message.Body) is { Success: true } match ? match.Value : throw new InvalidOperationException($"No reset link in:\n{message.Body}");

    /// <summary>A browser on a server made from <paramref name="factory"/> with other settings.</summary>
    public static Browser BrowserOn(WebApplicationFactory<Program> factory) => new(factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(IdentityServerFactory.Issuer),
    }));

    public static Dictionary<string, string> NewPassword(string password, string? confirmation = null) => new()
    {
        ["Input.NewPassword"] = password,
        ["Input.ConfirmNewPassword"] = confirmation ?? password,
    };

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
