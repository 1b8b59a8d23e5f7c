using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.SignUp.SignUpMail;

namespace Aict.IdentityServer.FunctionalTests.SignUp;

/// <summary>A new e-mail address through the account API: nothing changes until the new address's link is opened, signed in.</summary>
[Collection(OnSqlite.Name)]
public sealed class EmailChangeTests(SqliteServer server)
{
    public const string ChangeSubject = "Confirm your new e-mail address for Aict";

    private const string NoticeSubject = "Your Aict account's sign-in was changed";

    private readonly IdentityServerFactory _factory = server.Factory;

    public static Task<HttpResponseMessage> RequestChangeAsync(PortalSession portal, string email) =>
        portal.Api.PostAsJsonAsync("/api/account/email", new { email });

    [Fact]
    public async Task A_new_address_is_answered_202_and_applied_only_when_its_link_is_opened_signed_in()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var portal = await PortalSession.SignInAsync(_factory, user);
        var target = NewAddress();

        using var response = await RequestChangeAsync(portal, target);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(target, body.GetProperty("pendingEmail").GetString());
        Assert.Equal($"Verification sent to {target}.", body.GetProperty("detail").GetString());
        var link = ChangeLinkIn(await MailToAsync(_factory.Services, target, ChangeSubject));
        Assert.Contains("new address is confirmed", (await MailToAsync(_factory.Services, user.Email, NoticeSubject)).Body);
        Assert.Equal(user.Email, await ProfileEmailAsync(portal));

        var landing = await portal.Flow.Browser.GoAsync(link);
        Assert.Contains(target, landing.Document.QuerySelector("#confirm-email-change-text")?.TextContent);
        var done = await portal.Flow.Browser.SubmitAsync(landing, new Dictionary<string, string>());

        Assert.Equal("/account/confirm-email-change/done", done.Path);
        Assert.Equal(target, await ProfileEmailAsync(portal));
        Assert.NotNull((await new CodeFlow(_factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user with { Email = target })).AccessToken);
        using var oldAddress = _factory.CreateBrowser();
        Assert.Equal("/account/login", (await oldAddress.SignInAsync(await oldAddress.GoAsync("/account/login"), user.Email, user.Password)).Path);
        Assert.NotNull((await portal.Flow.Browser.GoAsync(link)).Document.QuerySelector("#email-change-link-invalid"));
        Assert.Equal([AuditEventTypes.EmailChangeRequested, AuditEventTypes.EmailChanged], await AuditAsync(await TestUsers.IdOfAsync(_factory, user with { Email = target })));
    }

    [Fact]
    public async Task The_link_needs_the_accounts_own_session_and_is_no_use_to_another_account()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var portal = await PortalSession.SignInAsync(_factory, user);
        var target = NewAddress();
        using var _ = await RequestChangeAsync(portal, target);
        var link = ChangeLinkIn(await MailToAsync(_factory.Services, target, ChangeSubject));
        var stranger = await PortalSession.SignInAsync(_factory, await TestUsers.CreateAsync(_factory));
        using var signedOut = _factory.CreateBrowser();

        var withoutSession = await signedOut.GoAsync(link);
        var asStranger = await stranger.Flow.Browser.GoAsync(link);

        Assert.Equal("/account/login", withoutSession.Path);
        Assert.NotNull(asStranger.Document.QuerySelector("#email-change-link-invalid"));
        Assert.Null(asStranger.Document.QuerySelector("#confirm-email-change"));
        Assert.Equal(user.Email, await ProfileEmailAsync(portal));
    }

    [Fact]
    public async Task An_address_of_another_account_gets_the_same_answer_no_link_but_a_notice_to_its_holder_and_nothing_changes()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var holder = await TestUsers.CreateAsync(_factory);
        var portal = await PortalSession.SignInAsync(_factory, user);
        var free = NewAddress();

        using var takenAnswer = await RequestChangeAsync(portal, holder.Email);
        using var freeAnswer = await RequestChangeAsync(portal, free);

        Assert.Equal(HttpStatusCode.Accepted, takenAnswer.StatusCode);
        Assert.Equal(
            (await freeAnswer.Content.ReadAsStringAsync()).Replace(free, "{address}", StringComparison.Ordinal),
            (await takenAnswer.Content.ReadAsStringAsync()).Replace(holder.Email, "{address}", StringComparison.Ordinal));
        await MailToAsync(_factory.Services, free, ChangeSubject);
        var notice = await MailToAsync(_factory.Services, holder.Email, "Someone tried to use your address for another Aict account");
        Assert.DoesNotContain("confirm-email-change", notice.Body);
        Assert.Empty(Sent(_factory.Services, holder.Email, ChangeSubject));
        Assert.Equal(user.Email, await ProfileEmailAsync(portal));
    }

    [Fact]
    public async Task An_address_another_account_took_after_the_link_was_sent_is_refused_on_the_page_and_nothing_changes()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var portal = await PortalSession.SignInAsync(_factory, user);
        var target = NewAddress();
        using var _ = await RequestChangeAsync(portal, target);
        var landing = await portal.Flow.Browser.GoAsync(ChangeLinkIn(await MailToAsync(_factory.Services, target, ChangeSubject)));
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Aict.IdentityServer.SignIn.Users.ApplicationUser>>();
            Assert.True((await users.CreateAsync(new() { UserName = target, Email = target, EmailConfirmed = true })).Succeeded);
        }

        var refused = await portal.Flow.Browser.SubmitAsync(landing, new Dictionary<string, string>());

        Assert.NotNull(refused.Document.QuerySelector("#email-address-taken"));
        Assert.Equal(user.Email, await ProfileEmailAsync(portal));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("")]
    public async Task A_malformed_address_is_a_validation_problem(string email)
    {
        var portal = await PortalSession.SignInAsync(_factory, await TestUsers.CreateAsync(_factory));

        using var response = await RequestChangeAsync(portal, email);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_current_address_is_a_validation_problem_and_sends_nothing()
    {
        var user = await TestUsers.CreateAsync(_factory);
        var portal = await PortalSession.SignInAsync(_factory, user);

        using var response = await RequestChangeAsync(portal, user.Email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("This is already your e-mail address.", problem.GetProperty("errors").GetProperty("Email")[0].GetString());
    }

    private static async Task<string?> ProfileEmailAsync(PortalSession portal) =>
        (await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/profile")).GetProperty("email").GetString();

    private async Task<string[]> AuditAsync(string userId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.UserId == userId && e.Type.StartsWith("email_")).OrderBy(e => e.Id).Select(e => e.Type).ToArrayAsync();
    }
}
