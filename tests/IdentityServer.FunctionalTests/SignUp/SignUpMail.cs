using System.Net;
using System.Text.RegularExpressions;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.SignUp;

/// <summary>The sign-up journey's steps: the form, the outbox, and the links in the e-mails.</summary>
internal static partial class SignUpMail
{
    public const string Password = "Signup#2026new";

    public const string VerifySubject = "Confirm your e-mail address for Aict";

    public const string AlreadyRegisteredSubject = "Someone tried to create an Aict account with your address";

    public static string NewAddress() => $"signup-{Guid.NewGuid():N}@example.com";

    /// <summary>Fills and sends the sign-up form; returns the page the browser ends on.</summary>
    public static async Task<Navigation> SignUpAsync(Browser browser, string email, string password = Password, string? confirmation = null, string query = "")
    {
        var page = await browser.GoAsync("/account/sign-up" + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.GivenName"] = "Minji",
            ["Input.FamilyName"] = "Seo",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirmation ?? password,
        });
    }

    /// <summary>The newest e-mail to <paramref name="email"/> with this subject, waiting (bounded) for the background mailer.</summary>
    public static async Task<EmailMessage> MailToAsync(IServiceProvider services, string email, string subject = VerifySubject, int count = 1) =>
        (await Eventually.MatchAsync(() => Task.FromResult(Sent(services, email, subject).ToList()), messages => messages.Count >= count,
            $"{count} e-mail(s) \"{subject}\" to {email} in the outbox"))[0];

    /// <summary>The e-mails to <paramref name="email"/> with this subject, newest first.</summary>
    public static IEnumerable<EmailMessage> Sent(IServiceProvider services, string email, string? subject = null) =>
        services.GetRequiredService<DevelopmentOutbox>().Messages.Select(sent => sent.Message)
            .Where(message => message.To == email && (subject is null || message.Subject == subject));

    public static string VerificationLinkIn(EmailMessage message) => Match(VerifyLink(), message);

    public static string ChangeLinkIn(EmailMessage message) => Match(ChangeLink(), message);

    public static async Task<ApplicationUser?> AccountAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    /// <summary>Signs up and opens the link: a verified account of the test's own.</summary>
    public static async Task<DemoUser> VerifiedAsync(IdentityServerFactory factory, Browser browser)
    {
        var email = NewAddress();
        await SignUpAsync(browser, email);
        var landing = await browser.GoAsync(VerificationLinkIn(await MailToAsync(factory.Services, email)));
        Assert.Equal("/account/verify-email/done", (await browser.SubmitAsync(landing, new Dictionary<string, string>())).Path);
        return new DemoUser(email, Password);
    }

    private static string Match(Regex pattern, EmailMessage message) =>
        pattern.Match(message.Body) is { Success: true } match ? match.Value : throw new InvalidOperationException($"No link in:\n{message.Body}");

    [GeneratedRegex(@"https?://\S+/account/verify-email\?\S+")]
    private static partial Regex VerifyLink();

    [GeneratedRegex(@"https?://\S+/account/confirm-email-change\?\S+")]
    private static partial Regex ChangeLink();
}
