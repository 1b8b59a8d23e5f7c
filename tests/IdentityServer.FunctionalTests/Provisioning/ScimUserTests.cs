using System.Net;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Provisioning;

/// <summary>Users over SCIM 2.0 as a provisioning system (partner-hr, client credentials) sees them.</summary>
public abstract class ScimUserTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_created_user_is_answered_with_201_its_location_and_version_and_signs_in_with_its_password()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser("Provisioned#2026");
        user["externalId"] = "hr-4711";
        user["phoneNumbers"] = new[] { new { value = "+821012345678", type = "mobile" } };
        user["locale"] = "ko-KR";

        var created = await scim.PostAsync("/scim/v2/Users", user);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("application/scim+json", created.MediaType);
        Assert.Equal($"http://localhost/scim/v2/Users/{created.Id}", created.Headers.Location!.AbsoluteUri);
        Assert.Equal(created.Version, created.Headers.ETag!.ToString());
        Assert.StartsWith("W/\"", created.Version);
        Assert.Equal(user["userName"], created.Get("userName"));
        Assert.Equal("hr-4711", created.Get("externalId"));
        Assert.Equal("Sam Provisioned", created.Get("displayName"));
        Assert.True(created.Json.GetProperty("active").GetBoolean());
        Assert.Equal("+821012345678", created.Json.GetProperty("phoneNumbers")[0].GetProperty("value").GetString());
        Assert.False(created.Json.TryGetProperty("password", out _));
        var meta = created.Json.GetProperty("meta");
        Assert.Equal("User", meta.GetProperty("resourceType").GetString());
        Assert.Equal(meta.GetProperty("created").GetString(), meta.GetProperty("lastModified").GetString());
        var stored = await StoredAsync(created.Id!);
        Assert.True(stored.EmailConfirmed);

        var tokens = await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), new DemoUser((string)user["userName"]!, "Provisioned#2026"));
        Assert.NotNull(tokens.AccessToken);
        Assert.Contains(await AuditAsync(created.Id!), e => e.Type == AuditEventTypes.UserProvisioned && e.ClientId == "partner-hr");
    }

    [Fact]
    public async Task A_user_is_read_replaced_and_deleted()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var created = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var path = $"/scim/v2/Users/{created.Id}";
        var replacement = ScimClient.NewUser();
        replacement["name"] = new { givenName = "Alex", familyName = "Replaced" };

        var read = await scim.GetAsync(path);
        var replaced = await scim.PutAsync(path, replacement);
        var deleted = await scim.DeleteAsync(path);
        var gone = await scim.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.Get("userName"), read.Get("userName"));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(replacement["userName"], replaced.Get("userName"));
        Assert.Equal("Alex", replaced.Json.GetProperty("name").GetProperty("givenName").GetString());
        Assert.NotEqual(created.Version, replaced.Version);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("404", gone.Get("status"));
        Assert.Contains(await AuditAsync(created.Id!), e => e.Type == AuditEventTypes.UserDeprovisioned && e.ClientId == "partner-hr");
    }

    [Theory]
    [InlineData("userName eq \"{0}\"")]
    [InlineData("USERNAME eq \"{1}\"")]
    [InlineData("emails.value eq \"{1}\"")]
    [InlineData("emails eq \"{0}\"")]
    [InlineData("externalId eq \"{2}\"")]
    [InlineData("userName eq \"{0}\" and active eq true")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName Eq \"{0}\" AND externalId eq \"{2}\"")]
    public async Task Each_filter_finds_exactly_the_user(string filter)
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser();
        var email = (string)user["userName"]!;
        user["externalId"] = $"ext-{Guid.NewGuid():N}";
        var created = await scim.PostAsync("/scim/v2/Users", user);

        var found = await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString(string.Format(filter, email, email.ToUpperInvariant(), user["externalId"])));

        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", found.Json.GetProperty("schemas")[0].GetString());
        Assert.Equal(1, found.Json.GetProperty("totalResults").GetInt32());
        Assert.Equal(created.Id, found.Json.GetProperty("Resources")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Active_eq_false_lists_only_disabled_users()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser();
        user["active"] = false;
        var disabled = await scim.PostAsync("/scim/v2/Users", user);

        var found = await scim.GetAsync("/scim/v2/Users?count=200&filter=" + Uri.EscapeDataString("active eq false"));

        var resources = found.Json.GetProperty("Resources").EnumerateArray().ToList();
        Assert.Contains(resources, r => r.GetProperty("id").GetString() == disabled.Id);
        Assert.All(resources, r => Assert.False(r.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task Paging_is_one_based_stable_and_capped_and_count_zero_gives_only_the_total()
    {
        var scim = await ScimClient.ForAsync(Factory);
        for (var i = 0; i < 3; i++)
        {
            await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        }

        var all = await scim.GetAsync("/scim/v2/Users?count=1000");
        var total = all.Json.GetProperty("totalResults").GetInt32();
        var first = await scim.GetAsync("/scim/v2/Users?startIndex=1&count=2");
        var second = await scim.GetAsync("/scim/v2/Users?startIndex=3&count=2");
        var below = await scim.GetAsync("/scim/v2/Users?startIndex=0&count=1");
        var totalOnly = await scim.GetAsync("/scim/v2/Users?count=0");

        Assert.Equal(Math.Min(total, 200), all.Json.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(2, first.Json.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(1, first.Json.GetProperty("startIndex").GetInt32());
        Assert.Equal(3, second.Json.GetProperty("startIndex").GetInt32());
        Assert.Equal(
            all.Json.GetProperty("Resources").EnumerateArray().Take(4).Select(Id),
            first.Json.GetProperty("Resources").EnumerateArray().Concat(second.Json.GetProperty("Resources").EnumerateArray()).Select(Id));
        Assert.Equal(1, below.Json.GetProperty("startIndex").GetInt32());
        Assert.Equal(total, totalOnly.Json.GetProperty("totalResults").GetInt32());
        Assert.Equal(0, totalOnly.Json.GetProperty("Resources").GetArrayLength());
    }

    public static TheoryData<string, string> PatchShapes => new()
    {
        // Entra ID: no path, the value an object of attributes.
        { """{"op":"replace","value":{"active":false}}""", "active=False" },
        // Entra ID: capitalised op, a boolean as a string.
        { """{"op":"Replace","path":"active","value":"False"}""", "active=False" },
        { """{"op":"replace","path":"emails[type eq \"work\"].value","value":"patched-{0}@example.com"}""", "email=patched-{0}@example.com" },
        { """{"op":"add","path":"name.givenName","value":"Patched"}""", "givenName=Patched" },
        { """{"op":"replace","value":{"name.familyName":"Dotted","displayName":"ignored"}}""", "familyName=Dotted" },
        { """{"op":"remove","path":"phoneNumbers"}""", "phone=" },
        // Entra ID maps fax numbers too; the one number kept is not replaced or removed by them.
        { """{"op":"replace","path":"phoneNumbers[type eq \"fax\"].value","value":"+15550100"}""", "phone=+15005550006" },
        { """{"op":"remove","path":"phoneNumbers[type eq \"fax\"]"}""", "phone=+15005550006" },
        { """{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+821099998888"}""", "phone=+821099998888" },
        { """{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:locale","value":"en-GB"}""", "locale=en-GB" },
    };

    [Theory]
    [MemberData(nameof(PatchShapes))]
    public async Task Patch_shapes_that_Entra_ID_and_Okta_send_change_the_user(string operation, string expected)
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser();
        user["phoneNumbers"] = new[] { new { value = "+15005550006" } };
        var created = await scim.PostAsync("/scim/v2/Users", user);
        var unique = Guid.NewGuid().ToString("N");

        var patched = await scim.PatchAsync($"/scim/v2/Users/{created.Id}", $$"""{"schemas":["{{ScimClient.PatchOp}}"],"Operations":[{{operation.Replace("{0}", unique)}}]}""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var stored = await StoredAsync(created.Id!);
        var (field, value) = (expected.Split('=')[0], expected.Split('=')[1].Replace("{0}", unique));
        var actual = field switch
        {
            "active" => (!stored.Disabled).ToString(),
            "email" => stored.Email,
            "givenName" => stored.GivenName,
            "familyName" => stored.FamilyName,
            "phone" => stored.PhoneNumber ?? string.Empty,
            "locale" => stored.Locale,
            _ => throw new ArgumentOutOfRangeException(nameof(expected)),
        };
        Assert.Equal(value, actual);
        Assert.Equal(stored.Email, patched.Json.GetProperty("emails")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Patch_active_true_enables_a_disabled_user_again()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var created = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var path = $"/scim/v2/Users/{created.Id}";

        await scim.PatchAsync(path, ScimClient.Patch(new { op = "replace", path = "active", value = false }));
        var enabled = await scim.PatchAsync(path, ScimClient.Patch(new { op = "replace", path = "active", value = true }));

        Assert.True(enabled.Json.GetProperty("active").GetBoolean());
        Assert.False((await StoredAsync(created.Id!)).Disabled);
        Assert.Contains(await AuditAsync(created.Id!), e => e.Type == AuditEventTypes.AccountEnabled);
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_412_and_a_current_If_None_Match_gets_304()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var created = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var path = $"/scim/v2/Users/{created.Id}";
        var changed = await scim.PatchAsync(path, ScimClient.Patch(new { op = "replace", path = "locale", value = "de-DE" }),
            request => request.Headers.TryAddWithoutValidation("If-Match", created.Version));
        void Stale(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("If-Match", created.Version);

        var put = await scim.PutAsync(path, ScimClient.NewUser(), Stale);
        var patch = await scim.PatchAsync(path, ScimClient.Patch(new { op = "replace", path = "locale", value = "fr-FR" }), Stale);
        var delete = await scim.DeleteAsync(path, Stale);
        var notModified = await scim.GetAsync(path, request => request.Headers.TryAddWithoutValidation("If-None-Match", changed.Version));
        var modified = await scim.GetAsync(path, request => request.Headers.TryAddWithoutValidation("If-None-Match", created.Version));

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.All([put, patch, delete], refused =>
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
            Assert.Equal("412", refused.Get("status"));
        });
        Assert.Equal("de-DE", (await StoredAsync(created.Id!)).Locale);
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        Assert.Equal(HttpStatusCode.OK, modified.Status);
    }

    [Fact]
    public async Task A_taken_user_name_or_email_is_refused_with_409_uniqueness_and_nothing_is_written()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var first = ScimClient.NewUser();
        var other = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        await scim.PostAsync("/scim/v2/Users", first);
        var sameName = ScimClient.NewUser();
        sameName["userName"] = ((string)first["userName"]!).ToUpperInvariant();
        var sameEmail = ScimClient.NewUser(email: ((string)first["userName"]!).ToUpperInvariant());
        sameEmail["userName"] = $"other-{Guid.NewGuid():N}";

        var byName = await scim.PostAsync("/scim/v2/Users", sameName);
        var byEmail = await scim.PostAsync("/scim/v2/Users", sameEmail);
        var renamed = await scim.PatchAsync($"/scim/v2/Users/{other.Id}", ScimClient.Patch(new { op = "replace", path = "userName", value = first["userName"] }));

        Assert.All([byName, byEmail, renamed], refused =>
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Equal("uniqueness", refused.ScimType);
        });
        Assert.Equal(other.Get("userName"), (await StoredAsync(other.Id!)).UserName);
        Assert.Equal(0, (await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{sameEmail["userName"]}\""))).Json.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_password_against_the_rules_is_refused_with_invalidValue_and_no_user_is_left_behind()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser("short");

        var refused = await scim.PostAsync("/scim/v2/Users", user);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalidValue", refused.ScimType);
        Assert.Contains("characters", refused.Detail);
        Assert.Equal(0, (await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{user["userName"]}\""))).Json.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_bad_password_in_a_patch_changes_nothing_else_of_the_same_request()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var created = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser("Provisioned#2026"));

        var refused = await scim.PatchAsync($"/scim/v2/Users/{created.Id}", ScimClient.Patch(
            new { op = "replace", path = "name.givenName", value = "Partial" },
            new { op = "replace", path = "password", value = "short" }));

        Assert.Equal("invalidValue", refused.ScimType);
        var stored = await StoredAsync(created.Id!);
        Assert.Equal("Sam", stored.GivenName);
        Assert.Equal(created.Version, $"W/\"{stored.ConcurrencyStamp}\"");
    }

    [Theory]
    [InlineData("not-an-email", null)]
    [InlineData("plain-name", "not an address")]
    public async Task A_user_without_an_email_address_is_refused_with_invalidValue(string userName, string? email)
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser();
        user["userName"] = $"{userName}-{Guid.NewGuid():N}";
        user["emails"] = email is null ? null : new[] { new { value = email, primary = true } };

        var refused = await scim.PostAsync("/scim/v2/Users", user);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalidValue", refused.ScimType);
    }

    [Fact]
    public async Task A_new_password_ends_the_users_sessions_and_the_old_refresh_token_dies()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser("Provisioned#2026");
        var created = await scim.PostAsync("/scim/v2/Users", user);
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), new DemoUser((string)user["userName"]!, "Provisioned#2026"));

        var changed = await scim.PatchAsync($"/scim/v2/Users/{created.Id}", ScimClient.Patch(new { op = "replace", value = new { password = "Changed#2026pass" } }));

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
        await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), new DemoUser((string)user["userName"]!, "Changed#2026pass"));
        Assert.Contains(await AuditAsync(created.Id!), e => e.Type == AuditEventTypes.PasswordChanged && e.ClientId == "partner-hr");
    }

    [Fact]
    public async Task The_same_password_sent_again_with_a_replace_keeps_the_users_sessions()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = ScimClient.NewUser("Provisioned#2026");
        var created = await scim.PostAsync("/scim/v2/Users", user);
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), new DemoUser((string)user["userName"]!, "Provisioned#2026"));

        var replaced = await scim.PutAsync($"/scim/v2/Users/{created.Id}", user);

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.NotNull((await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).AccessToken);
        Assert.DoesNotContain(await AuditAsync(created.Id!), e => e.Type == AuditEventTypes.PasswordChanged);
    }

    private static string? Id(JsonElement resource) => resource.GetProperty("id").GetString();

    private async Task<ApplicationUser> StoredAsync(string id)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(id))!;
    }

    private async Task<List<AuditEvent>> AuditAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents.AsNoTracking().Where(e => e.UserId == userId).ToListAsync();
    }
}

[Collection(OnSqlite.Name)]
public sealed class ScimUserTestsOnSqlite(SqliteServer server) : ScimUserTests(server);

[Collection(OnPostgres.Name)]
public sealed class ScimUserTestsOnPostgres(PostgresServer server) : ScimUserTests(server);
