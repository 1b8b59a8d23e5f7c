using System.Net;
using System.Net.Http.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Aict.IdentityServer.FunctionalTests.HostedPages.ResetMail;

namespace Aict.IdentityServer.FunctionalTests.Passwords;

/// <summary>
/// NIST SP 800-63B-4 password rules wherever a password is set (account API change, reset link): at least eight
/// characters, long passphrases in any script, no composition rules, and no common or breached password.
/// </summary>
public abstract class PasswordRuleTests(ServerFixture server)
{
    private const string TooCommon = "This password is too common or has appeared in a data breach. Choose another.";
    private const string TooShort = "Use at least 8 characters.";
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_common_password_is_refused_at_change_with_a_clear_message_and_the_old_one_still_works()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);

        var problem = await ChangeAsync(portal, user, "Password123");

        Assert.Equal(TooCommon, Assert.Single(problem!.Errors["NewPassword"]));
        await PortalSession.SignInAsync(Factory, user);
    }

    [Fact]
    public async Task A_common_password_is_refused_at_reset_in_any_letter_case_and_the_link_stays_usable()
    {
        var user = await NewUserAsync(Factory.Services);
        var browser = Factory.CreateBrowser();
        await AskForLinkAsync(browser, user.Email);
        var form = await browser.GoAsync(LinkIn(await MailToAsync(Factory.Services, user.Email)));

        var refused = await browser.SubmitAsync(form, NewPassword("IloveYou2"));

        Assert.Equal("/account/reset-password", refused.Path);
        Assert.Equal(TooCommon, refused.Document.QuerySelector("#new-password-error")?.TextContent.Trim());
        Assert.Equal("/account/reset-password/done", (await browser.SubmitAsync(refused, NewPassword("quiet harbour lantern 2026"))).Path);
    }

    [Fact]
    public async Task A_seven_character_password_is_refused_and_an_eight_character_one_without_any_mix_is_accepted()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);

        var tooShort = await ChangeAsync(portal, user, "kxqzvbw");
        var allLowercase = await ChangeAsync(portal, user, "kxqzvbwj");

        Assert.StartsWith(TooShort, Assert.Single(tooShort!.Errors["NewPassword"]));
        Assert.Null(allLowercase);
        await PortalSession.SignInAsync(Factory, user with { Password = "kxqzvbwj" });
    }

    [Fact]
    public async Task A_sixty_four_character_passphrase_with_spaces_and_Korean_is_accepted_and_signs_in()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var passphrase = "바다 위의 등대는 밤새 깜빡이고 the lighthouse blinks all night long 2026";
        passphrase = passphrase.PadRight(64, '!');

        var problem = await ChangeAsync(portal, user, passphrase);

        Assert.Equal(64, passphrase.EnumerateRunes().Count());
        Assert.Null(problem);
        await PortalSession.SignInAsync(Factory, user with { Password = passphrase });
    }

    [Fact]
    public async Task The_accounts_own_e_mail_name_is_refused_however_decorated()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var localPart = user.Email.Split('@')[0];

        var problem = await ChangeAsync(portal, user, localPart.ToUpperInvariant() + "!1");

        Assert.Equal("The password must not be your e-mail address, your user name or the name of this service.",
            Assert.Single(problem!.Errors["NewPassword"]));
    }

    [Fact]
    public async Task The_refusal_is_in_Korean_for_a_Korean_caller()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        portal.Api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko");

        var problem = await ChangeAsync(portal, user, "password1234");

        Assert.Equal("너무 흔하거나 유출된 적이 있는 비밀번호입니다. 다른 비밀번호를 선택하세요.", Assert.Single(problem!.Errors["NewPassword"]));
    }

    // Null when the change went through; the validation problem otherwise.
    private static async Task<ValidationProblemDetails?> ChangeAsync(PortalSession portal, DemoUser user, string newPassword)
    {
        using var response = await portal.Api.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword });
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasswordRulesOnSqlite(SqliteServer server) : PasswordRuleTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasswordRulesOnPostgres(PostgresServer server) : PasswordRuleTests(server);
