using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The account API's profile: the caller's own record, and the names and phone number they may change.</summary>
public abstract class ProfileApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task The_profile_is_the_callers_own_account()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        await PortalSession.SignInAsync(Factory, DemoRealm.Carol);

        var profile = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/profile");

        Assert.Equal(await TestUsers.IdOfAsync(Factory, user), profile.GetProperty("id").GetString());
        Assert.Equal(user.Email, profile.GetProperty("email").GetString());
        Assert.True(profile.GetProperty("emailConfirmed").GetBoolean());
        Assert.Equal("Test", profile.GetProperty("givenName").GetString());
        Assert.Equal("Test", profile.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("phoneNumber").ValueKind);
        Assert.False(profile.GetProperty("mfaEnabled").GetBoolean());
        Assert.False(profile.GetProperty("isAdministrator").GetBoolean());
    }

    [Fact]
    public async Task An_administrators_profile_says_so()
    {
        var admin = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));

        var profile = await admin.Api.GetFromJsonAsync<JsonElement>("/api/account/profile");

        Assert.True(profile.GetProperty("isAdministrator").GetBoolean());
    }

    [Fact]
    public async Task A_changed_name_and_phone_number_show_in_new_id_tokens_and_at_userinfo_and_the_new_number_is_unverified()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);

        using var response = await portal.Api.PutAsJsonAsync("/api/account/profile",
            new { givenName = " Minji ", familyName = "Seo", phoneNumber = "+82 10-2222-3333" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Minji Seo", profile.GetProperty("name").GetString());
        Assert.Equal("+82 10-2222-3333", profile.GetProperty("phoneNumber").GetString());
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid profile phone");
        request.Parameters["claims"] = """{"id_token":{"given_name":null,"family_name":null}}""";
        var flow = new CodeFlow(Factory);
        var tokens = await flow.SignInAsync(request, user);
        var id = await flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal("Minji", id.GetClaim("given_name").Value);
        Assert.Equal("Seo", id.GetClaim("family_name").Value);
        using var http = Factory.CreateBackChannel();
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var userInfo = await http.GetFromJsonAsync<JsonElement>("/connect/userinfo");
        Assert.Equal("Minji Seo", userInfo.GetProperty("name").GetString());
        Assert.Equal("+82 10-2222-3333", userInfo.GetProperty("phone_number").GetString());
        Assert.False(userInfo.GetProperty("phone_number_verified").GetBoolean());
    }

    [Fact]
    public async Task Empty_values_clear_the_names_and_the_phone_number()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        (await portal.Api.PutAsJsonAsync("/api/account/profile", new { givenName = "Jae", familyName = "Oh", phoneNumber = "+821022223333" }))
            .EnsureSuccessStatusCode();

        using var response = await portal.Api.PutAsJsonAsync("/api/account/profile", new { givenName = "", familyName = "  ", phoneNumber = "" });

        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var field in new[] { "name", "givenName", "familyName", "phoneNumber" })
        {
            Assert.Equal(JsonValueKind.Null, profile.GetProperty(field).ValueKind);
        }
    }

    [Theory]
    [InlineData("givenName", "GivenName")]
    [InlineData("familyName", "FamilyName")]
    [InlineData("phoneNumber", "PhoneNumber")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field_and_changes_nothing(string field, string errorKey)
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var valid = new Dictionary<string, string> { ["givenName"] = "Hana", ["familyName"] = "Yoon", ["phoneNumber"] = "+82 10-1234-5678" };

        foreach (var bad in field == "phoneNumber"
            ? new[] { "010-1234-5678", "+0 10 1234 5678", "+82 10 12", "+82 10-1234-5678-9999-0", "+82--10-1234-5678", "call me" }
            : [new string('x', 101)])
        {
            using var response = await portal.Api.PutAsJsonAsync("/api/account/profile", new Dictionary<string, string>(valid) { [field] = bad });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
            Assert.Contains(problem.Errors.Keys, key => string.Equals(key, errorKey, StringComparison.OrdinalIgnoreCase));
        }

        var profile = await portal.Api.GetFromJsonAsync<JsonElement>("/api/account/profile");
        Assert.Equal("Test", profile.GetProperty("givenName").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("phoneNumber").ValueKind);
    }

    [Fact]
    public async Task A_name_of_exactly_one_hundred_characters_is_accepted()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var name = new string('가', 100);

        using var response = await portal.Api.PutAsJsonAsync("/api/account/profile", new { givenName = name, familyName = (string?)null, phoneNumber = (string?)null });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("givenName").GetString());
    }
}

[Collection(OnSqlite.Name)]
public sealed class ProfileApiTestsOnSqlite(SqliteServer server) : ProfileApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class ProfileApiTestsOnPostgres(PostgresServer server) : ProfileApiTests(server);
