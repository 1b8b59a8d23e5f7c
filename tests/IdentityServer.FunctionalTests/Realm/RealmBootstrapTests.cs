using System.Text.RegularExpressions;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Aict.TestSupport.Robustness;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.HostedPages.ResetMail;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary>A production deployment's first day: the first administrator from the command line, and a realm file checked before use.</summary>
public sealed partial class RealmBootstrapTests(EmptySqliteServer server) : IClassFixture<EmptySqliteServer>
{
    private const string AdminPassword = "Lantern#Orbit2026";

    [Fact]
    public async Task Admin_create_prints_a_link_that_sets_the_password_then_the_first_sign_in_enrols_a_second_factor_and_a_second_run_is_refused()
    {
        var created = await RealmCommand.RunAsync(server.Factory, "admin", "create", "first-admin@example.com");

        Assert.True(created.ExitCode == 0, created.ToString());
        var link = PasswordLink().Match(created.Output).Value;
        Assert.StartsWith(IdentityServerFactory.Issuer + "account/reset-password?", link);
        var browser = server.Factory.CreateBrowser();
        var done = await browser.SubmitAsync(await browser.GoAsync(link), NewPassword(AdminPassword));
        Assert.True(done.Path == "/account/reset-password/done", done.Html);
        Assert.NotNull((await browser.GoAsync(link)).Document.QuerySelector("#reset-link-invalid"));

        // Administration asks for MFA (acr urn:aict:loa:2); an account without a factor enrols one inside that sign-in.
        var client = await TestClients.CreateWebClientAsync(server.Factory);
        var request = new AuthorizationRequest(client, "openid profile") { Parameters = { ["acr_values"] = "urn:aict:loa:2" } };
        var signIn = await browser.SignInAsync(await browser.GoAsync(request.Url), "first-admin@example.com", AdminPassword);
        Assert.Equal("/account/mfa/enrol", signIn.Path, ignoreCase: true);

        var second = await RealmCommand.RunAsync(server.Factory, "admin", "create", "second-admin@example.com");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already has 1 administrator", second.Errors);
        Assert.DoesNotContain("reset-password", second.Output);
        await using var scope = server.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync("second-admin@example.com"));
        var admin = (await users.FindByEmailAsync("first-admin@example.com"))!;
        Assert.True(admin.EmailConfirmed);
        Assert.True(await users.IsInRoleAsync(admin, AdminApi.Role));
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .AnyAsync(e => e.Type == AuditEventTypes.AdministratorCreated && e.UserId == admin.Id));
    }

    [Fact]
    public async Task An_invalid_realm_file_writes_nothing_and_names_every_problem_by_its_path()
    {
        var file = RealmCommand.FileWith("""
            {
              "version": 1,
              "colour": "blue",
              "scopes": [{ "name": "reports:read", "resources": ["reports-api"] }, { "name": "products:read", "resources": ["elsewhere"] }],
              "roles": ["auditor"],
              "clients": [
                { "client_id": "reports-web", "redirect_uris": ["http://reports.example.com/callback"], "scope": "openid reports:read" },
                { "client_id": "reports-batch", "grant_types": ["client_credentials"], "scope": "reports:write", "client_secret": "short" }
              ],
              "users": [
                { "email": "auditor@example.com", "roles": ["auditor", "nobody"] },
                { "email": "AUDITOR@example.com" },
                { "email": "not-an-address", "password_hash": "Auditor#2026" },
                { "email": "typo@example.com", "enabled": true }
              ]
            }
            """);
        var before = await DatabaseFingerprint.ComputeAsync(server.Factory);

        var import = await RealmCommand.RunAsync(server.Factory, "realm", "import", file);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("nothing was written", import.Errors);
        foreach (var path in new[]
        {
            "$.colour: unknown member", "$.scopes[1].resources: products:read is built in",
            "$.clients[0].redirect_uris: invalid_redirect_uri", "$.clients[1].scope: invalid_client_metadata",
            "$.clients[1].client_secret: must be at least 32 characters", "$.users[0].roles[1]: role nobody",
            "$.users[1].email: AUDITOR@example.com is already defined at $.users[0]", "$.users[2].email: not-an-address is not an e-mail address",
            "$.users[2].password_hash: not an ASP.NET Core Identity password hash", "$.users[3]",
        })
        {
            Assert.Contains(path, import.Errors);
        }

        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(server.Factory)));
    }

    [Fact]
    public async Task An_import_updates_existing_items_to_match_the_file_and_disabling_a_user_goes_through_the_lifecycle()
    {
        var (role, email, clientId) = ($"auditor-{Guid.NewGuid():N}", $"auditor-{Guid.NewGuid():N}@example.com", $"ledger-{Guid.NewGuid():N}");
        string hash;
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<ApplicationUser>>().HashPassword(new ApplicationUser(), "Ledger#Audit2026");
        }

        string Realm(string givenName, string[] roles, bool disabled, string secret) => $$"""
            {
              "version": 1,
              "roles": ["{{role}}"],
              "clients": [{ "client_id": "{{clientId}}", "grant_types": ["client_credentials"], "scope": "products:read", "client_secret": "{{secret}}" }],
              "users": [{ "email": "{{email}}", "email_verified": true, "given_name": "{{givenName}}", "roles": [{{string.Join(", ", roles.Select(r => $"\"{r}\""))}}], "disabled": {{(disabled ? "true" : "false")}}, "password_hash": "{{hash}}" }]
            }
            """;
        var (oldSecret, newSecret) = ("old-secret-" + Guid.NewGuid().ToString("N"), "new-secret-" + Guid.NewGuid().ToString("N"));
        var first = await RealmCommand.RunAsync(server.Factory, "realm", "import", RealmCommand.FileWith(Realm("Ada", [role], disabled: false, oldSecret)));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("3 created, 0 updated, 0 unchanged", first.Output);

        var second = await RealmCommand.RunAsync(server.Factory, "realm", "import", RealmCommand.FileWith(Realm("Grace", [], disabled: true, newSecret)));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 created, 2 updated, 1 unchanged", second.Output);
        var tokens = new TokenClient(server.Factory.CreateBackChannel());
        Assert.Equal("invalid_client", (await tokens.ClientCredentialsAsync(new DemoClient(clientId, oldSecret, null, null), "products:read")).Error);
        Assert.NotNull((await tokens.ClientCredentialsAsync(new DemoClient(clientId, newSecret, null, null), "products:read")).AccessToken);
        await using var check = server.Factory.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.Equal(("Grace", true), (user.GivenName, user.Disabled));
        Assert.Empty(await users.GetRolesAsync(user));
        Assert.True(await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .AnyAsync(e => e.Type == AuditEventTypes.AccountDisabled && e.UserId == user.Id));
    }

    [Theory]
    [InlineData("{ \"version\": 1, ")]
    [InlineData("[]")]
    [InlineData("{ \"version\": 2 }")]
    [InlineData("{ \"version\": 1, \"users\": {} }")]
    public async Task A_file_that_is_not_a_realm_is_refused_without_writing(string json)
    {
        var before = await DatabaseFingerprint.ComputeAsync(server.Factory);

        var import = await RealmCommand.RunAsync(server.Factory, "realm", "import", RealmCommand.FileWith(json));

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("nothing was written", import.Errors);
        Assert.Contains("$", import.Errors);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(server.Factory)));
    }

    [Theory]
    [InlineData("realm", "export")]
    [InlineData("realm", "import", "a.json", "--force")]
    [InlineData("realm", "delete", "a.json")]
    [InlineData("admin", "create", "someone@example.com", "--colour", "blue")]
    [InlineData("admin", "create", "someone@example.com", "--issuer", "http://id.example.com/path?x=1")]
    [InlineData("admin", "create", "o'brien@example.com", "--force")]
    public async Task Wrong_arguments_exit_with_1_and_say_why(params string[] args)
    {
        var run = await RealmCommand.RunAsync(server.Factory, args);

        Assert.Equal(1, run.ExitCode);
        Assert.NotEmpty(run.Errors);
        Assert.Empty(run.Output);
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex PasswordLink();
}
