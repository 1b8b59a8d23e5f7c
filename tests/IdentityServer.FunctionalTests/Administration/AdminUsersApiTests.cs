using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>Administrators create, edit, disable, enable and delete users and read their activity; each change is audited with them as actor.</summary>
[Collection(OnSqlite.Name)]
public sealed class AdminUsersApiTests(SqliteServer server)
{
    private const string Password = "Created#2026pw";

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_user_created_with_a_password_signs_in_at_once_and_the_creation_is_audited_with_the_admin_as_actor()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var email = NewEmail();

        using var response = await admin.Api.PostAsJsonAsync("/api/admin/users",
            new { email, givenName = "Minji", familyName = "Seo", password = Password, locale = "ko-KR" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var userId = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/admin/users/{userId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Minji Seo", created.GetProperty("name").GetString());
        Assert.True(created.GetProperty("emailConfirmed").GetBoolean());
        Assert.False(created.GetProperty("disabled").GetBoolean());
        Assert.Equal("ko-KR", created.GetProperty("locale").GetString());
        Assert.NotNull((await PortalSession.SignInAsync(Factory, new DemoUser(email, Password))).Tokens.AccessToken);
        var activity = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}/activity");
        var creation = activity.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "user_created");
        Assert.Equal(await TestUsers.IdOfAsync(Factory, DemoRealm.Admin), creation.GetProperty("actorId").GetString());
        Assert.Equal(DemoRealm.Admin.Email, creation.GetProperty("actorEmail").GetString());
    }

    [Fact]
    public async Task A_user_created_without_a_password_gets_a_link_to_choose_one_then_signs_in()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var email = NewEmail();

        using var response = await admin.Api.PostAsJsonAsync("/api/admin/users", new { email, givenName = "Jun" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mail = await ResetMail.MailToAsync(Factory.Services, email);
        Assert.Equal("Your Aict account is ready", mail.Subject);
        var browser = Factory.CreateBrowser();
        var done = await browser.SubmitAsync(await browser.GoAsync(ResetMail.LinkIn(mail)), ResetMail.NewPassword(Password));
        Assert.Equal("/account/reset-password/done", done.Path);
        Assert.NotNull((await PortalSession.SignInAsync(Factory, new DemoUser(email, Password))).Tokens.AccessToken);
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_naming_the_field_and_creates_nothing()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var email = NewEmail();

        var weak = await ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/users", new { email, password = "short" }), HttpStatusCode.BadRequest);
        var noAddress = await ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/users", new { email = "not an address" }), HttpStatusCode.BadRequest);
        var badLocale = await ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/users", new { email, locale = "<script>" }), HttpStatusCode.BadRequest);

        Assert.True(ErrorsFor(weak, "Password").Length > 0);
        Assert.True(ErrorsFor(noAddress, "Email").Length > 0);
        Assert.True(ErrorsFor(badLocale, "Locale").Length > 0);
        var found = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users?query={Uri.EscapeDataString(email)}");
        Assert.Empty(found.EnumerateArray());
    }

    [Fact]
    public async Task An_address_already_in_use_is_a_409_on_the_email_field_when_creating_and_editing()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var taken = await TestUsers.CreateAsync(Factory);
        var other = await TestUsers.CreateAsync(Factory);

        var create = await ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/users", new { email = taken.Email.ToUpperInvariant() }), HttpStatusCode.Conflict);
        var edit = await ProblemAsync(await admin.Api.PutAsJsonAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, other)}", new { email = taken.Email }),
            HttpStatusCode.Conflict);

        Assert.True(ErrorsFor(create, "Email").Length > 0);
        Assert.True(ErrorsFor(edit, "Email").Length > 0);
        Assert.NotNull((await PortalSession.SignInAsync(Factory, other)).Tokens.AccessToken);
    }

    [Fact]
    public async Task An_admin_edits_names_email_phone_and_locale_and_the_user_signs_in_with_the_new_address()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var email = NewEmail();

        using var response = await admin.Api.PutAsJsonAsync($"/api/admin/users/{userId}",
            new { email, givenName = "Hana", familyName = "Kim", phoneNumber = "+82 10-1234-5678", locale = "en-US" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}");
        Assert.Equal(email, details.GetProperty("email").GetString());
        Assert.Equal("Hana Kim", details.GetProperty("name").GetString());
        Assert.Equal("+82 10-1234-5678", details.GetProperty("phoneNumber").GetString());
        Assert.Equal("en-US", details.GetProperty("locale").GetString());
        Assert.NotNull((await PortalSession.SignInAsync(Factory, user with { Email = email })).Tokens.AccessToken);
        Assert.Contains(await TypesAsync(admin, userId), type => type == "user_updated");
    }

    [Fact]
    public async Task Disabling_ends_the_users_sessions_and_refuses_sign_in_until_enabled_again()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var victim = await PortalSession.SignInAsync(Factory, user);
        var userId = await TestUsers.IdOfAsync(Factory, user);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.PostAsync($"/api/admin/users/{userId}/disable", null)).StatusCode);

        Assert.Equal("invalid_grant", (await victim.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, victim.Tokens.RefreshToken!)).Error);
        var found = Assert.Single((await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users?query={Uri.EscapeDataString(user.Email)}")).EnumerateArray());
        Assert.True(found.GetProperty("disabled").GetBoolean());
        var flow = new CodeFlow(Factory);
        var page = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.SsoPortal).Url), user.Email, user.Password);
        Assert.Equal("/account/login", page.Path);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.PostAsync($"/api/admin/users/{userId}/enable", null)).StatusCode);
        Assert.NotNull((await PortalSession.SignInAsync(Factory, user)).Tokens.AccessToken);
        var events = await ActivityAsync(admin, userId);
        var adminId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);
        Assert.Equal(adminId, events.First(e => e.GetProperty("type").GetString() == "account_disabled").GetProperty("actorId").GetString());
        Assert.Equal(adminId, events.First(e => e.GetProperty("type").GetString() == "account_enabled").GetProperty("actorId").GetString());
    }

    [Fact]
    public async Task Deleting_a_user_ends_their_tokens_and_keeps_their_audit_events()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var victim = await PortalSession.SignInAsync(Factory, user);
        var userId = await TestUsers.IdOfAsync(Factory, user);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/users/{userId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.GetAsync($"/api/admin/users/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.DeleteAsync($"/api/admin/users/{userId}")).StatusCode);
        Assert.Equal("invalid_grant", (await victim.Flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, victim.Tokens.RefreshToken!)).Error);
        var audit = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/audit?user={userId}&type=account_deleted");
        var deleted = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(await TestUsers.IdOfAsync(Factory, DemoRealm.Admin), deleted.GetProperty("actorId").GetString());
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("userEmail").ValueKind);
    }

    [Fact]
    public async Task A_users_activity_is_newest_first_and_paged()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var userId = await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));
        await AuditEvents.AddAsync(Factory, userId, count: 60);

        var first = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}/activity");
        var second = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}/activity?page=2");

        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        Assert.Equal(60, times.Count);
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Api.GetAsync($"/api/admin/users/{userId}/activity?page=0")).StatusCode);
    }

    [Fact]
    public async Task Someone_without_the_admin_role_is_refused_and_an_admin_without_mfa_is_asked_to_step_up()
    {
        var user = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);
        var passwordOnlyAdmin = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        var email = NewEmail();

        foreach (var (caller, status) in new[] { (user, HttpStatusCode.Forbidden), (passwordOnlyAdmin, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(status, (await caller.Api.PostAsJsonAsync("/api/admin/users", new { email })).StatusCode);
            Assert.Equal(status, (await caller.Api.GetAsync("/api/admin/audit/export?format=csv")).StatusCode);
            Assert.Equal(status, (await caller.Api.PostAsync($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, DemoRealm.Carol)}/disable", null)).StatusCode);
        }

        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        Assert.Empty((await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users?query={Uri.EscapeDataString(email)}")).EnumerateArray());
        Assert.False((await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{await TestUsers.IdOfAsync(Factory, DemoRealm.Carol)}")).GetProperty("disabled").GetBoolean());
    }

    internal static string NewEmail() => $"created-{Guid.NewGuid():N}@example.com";

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    internal static string[] ErrorsFor(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").EnumerateObject()
            .Where(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()!))];

    private static async Task<List<JsonElement>> ActivityAsync(PortalSession admin, string userId) =>
        [.. (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}/activity")).GetProperty("items").EnumerateArray()];

    private static async Task<List<string?>> TypesAsync(PortalSession admin, string userId) =>
        [.. (await ActivityAsync(admin, userId)).Select(e => e.GetProperty("type").GetString())];
}
