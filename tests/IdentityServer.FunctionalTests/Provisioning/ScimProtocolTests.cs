using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Provisioning;

/// <summary>What every SCIM failure looks like, who may call the endpoints, and the discovery documents.</summary>
[Collection(OnSqlite.Name)]
public sealed class ScimProtocolTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "{", "invalidSyntax" },
        { "[]", "invalidSyntax" },
        { "\"text\"", "invalidSyntax" },
        { """{"userName":"a@example.com","USERNAME":"b@example.com"}""", "invalidSyntax" },
        { new string('[', 100) + new string(']', 100), "invalidSyntax" },
        { """{"userName":5}""", "invalidValue" },
        { """{"userName":"a@example.com","active":"maybe"}""", "invalidValue" },
        { """{"userName":"a@example.com","emails":"a@example.com"}""", "invalidValue" },
        { """{"userName":"a@example.com","name":["x"]}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a@example.com"}""", "invalidValue" },
        { """{"userName":"a@example.com","password":12345678}""", "invalidValue" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_or_wrongly_typed_body_gets_a_SCIM_error_not_a_500(string body, string scimType)
    {
        var scim = await ScimClient.ForAsync(Factory);

        var refused = await scim.PostAsync("/scim/v2/Users", body);

        AssertError(refused, HttpStatusCode.BadRequest, scimType);
    }

    public static TheoryData<string, string> BadPatches => new()
    {
        { """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""", "invalidValue" },
        { """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""", "invalidValue" },
        { """{"Operations":[{"op":"move","path":"active","value":true}]}""", "invalidValue" },
        { """{"Operations":[{"op":"remove"}]}""", "noTarget" },
        { """{"Operations":[{"op":"replace","path":"shoeSize","value":44}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"name.nickname","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"emails[type eq \"work\"","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"id","value":"other"}]}""", "mutability" },
        { """{"Operations":[{"op":"add","path":"groups","value":[{"value":"x"}]}]}""", "mutability" },
        { """{"Operations":[{"op":"replace","path":"active","value":"perhaps"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","value":"active"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"remove","path":"userName"}]}""", "invalidValue" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task A_bad_patch_gets_its_SCIM_error_and_changes_nothing(string body, string scimType)
    {
        var scim = await ScimClient.ForAsync(Factory);
        var created = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());

        var refused = await scim.PatchAsync($"/scim/v2/Users/{created.Id}", body);

        AssertError(refused, HttpStatusCode.BadRequest, scimType);
        Assert.Equal(created.Version, (await scim.GetAsync($"/scim/v2/Users/{created.Id}")).Version);
    }

    [Theory]
    [InlineData("userName co \"a\"")]
    [InlineData("title eq \"boss\"")]
    [InlineData("userName eq \"a\" or userName eq \"b\"")]
    [InlineData("(userName eq \"a\")")]
    [InlineData("userName eq a")]
    [InlineData("userName eq \"unclosed")]
    [InlineData("active eq \"sometimes\"")]
    [InlineData("userName")]
    public async Task An_unsupported_or_malformed_filter_gets_invalidFilter(string filter)
    {
        var scim = await ScimClient.ForAsync(Factory);

        AssertError(await scim.GetAsync("/scim/v2/Users?filter=" + Uri.EscapeDataString(filter)), HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Every_refusal_of_the_pipeline_is_a_SCIM_error_too()
    {
        var scim = await ScimClient.ForAsync(Factory);

        AssertError(await scim.GetAsync($"/scim/v2/Users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, null);
        AssertError(await scim.GetAsync("/scim/v2/Nothing"), HttpStatusCode.NotFound, null);
        AssertError(await scim.SendAsync(HttpMethod.Patch, "/scim/v2/Users", ScimClient.Patch()), HttpStatusCode.MethodNotAllowed, null);
        AssertError(await scim.GetAsync("/scim/v2/Users?count=lots"), HttpStatusCode.BadRequest, "invalidValue");
        AssertError(await scim.PostAsync("/scim/v2/Bulk", "{}"), HttpStatusCode.NotFound, null);

        using var text = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        AssertError(await SendAsync(scim, text), HttpStatusCode.UnsupportedMediaType, null);

        using var large = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users")
        {
            Content = new StringContent("{\"x\":\"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/scim+json"),
        };
        AssertError(await SendAsync(scim, large), HttpStatusCode.RequestEntityTooLarge, null);
    }

    [Fact]
    public async Task A_plain_JSON_body_is_accepted_and_answers_are_scim_json()
    {
        var scim = await ScimClient.ForAsync(Factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scim/v2/Users")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(ScimClient.NewUser()), Encoding.UTF8, "application/json"),
        };

        var created = await SendAsync(scim, request);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("application/scim+json", created.MediaType);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401_with_a_bearer_challenge_and_a_SCIM_error()
    {
        var anonymous = ScimClient.WithToken(Factory, null);

        var refused = await anonymous.GetAsync("/scim/v2/Users");

        AssertError(refused, HttpStatusCode.Unauthorized, null);
        Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_account_token_cannot_provision()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var withAccountToken = ScimClient.WithToken(Factory, portal.Tokens.AccessToken);

        var refused = await withAccountToken.PostAsync("/scim/v2/Users", ScimClient.NewUser());

        Assert.True(refused.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, refused.ToString());
        Assert.Equal(ScimClient.ErrorSchema, refused.Json.GetProperty("schemas")[0].GetString());
    }

    [Theory]
    [InlineData("/api/account/sessions")]
    [InlineData("/api/account/profile")]
    [InlineData("/api/admin/users")]
    public async Task A_scim_token_reaches_neither_the_account_nor_the_admin_API(string path)
    {
        var scim = await ScimClient.ForAsync(Factory);

        using var response = await scim.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_client_not_registered_for_scim_cannot_get_a_scim_token_and_one_with_another_scope_is_refused()
    {
        var tokens = new TokenClient(Factory.CreateBackChannel());

        var refused = await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "scim");
        var commerce = ScimClient.WithToken(Factory, (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken);

        Assert.Equal("invalid_scope", refused.Error);
        AssertError(await commerce.GetAsync("/scim/v2/Users"), HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task The_discovery_documents_describe_what_is_supported()
    {
        var scim = await ScimClient.ForAsync(Factory);

        var config = await scim.GetAsync("/scim/v2/ServiceProviderConfig");
        var types = await scim.GetAsync("/scim/v2/ResourceTypes");
        var schemas = await scim.GetAsync("/scim/v2/Schemas");
        var user = await scim.GetAsync("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");

        Assert.True(config.Json.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.False(config.Json.GetProperty("bulk").GetProperty("supported").GetBoolean());
        Assert.True(config.Json.GetProperty("etag").GetProperty("supported").GetBoolean());
        Assert.Equal(200, config.Json.GetProperty("filter").GetProperty("maxResults").GetInt32());
        Assert.Equal("oauthbearertoken", config.Json.GetProperty("authenticationSchemes")[0].GetProperty("type").GetString());
        Assert.Equal(["User", "Group"], types.Json.GetProperty("Resources").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(2, schemas.Json.GetProperty("totalResults").GetInt32());
        var password = user.Json.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "password");
        Assert.Equal("writeOnly", password.GetProperty("mutability").GetString());
        Assert.Equal("never", password.GetProperty("returned").GetString());
    }

    private static void AssertError(ScimResponse response, HttpStatusCode status, string? scimType)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}, got {response}");
        Assert.Equal(ScimClient.ErrorSchema, response.Json.GetProperty("schemas")[0].GetString());
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Get("status"));
        Assert.Equal(scimType, response.ScimType);
        Assert.False(string.IsNullOrEmpty(response.Detail));
    }

    private static async Task<ScimResponse> SendAsync(ScimClient scim, HttpRequestMessage request)
    {
        using var response = await scim.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ScimResponse(response.StatusCode, System.Text.Json.JsonDocument.Parse(text).RootElement.Clone(), response.Headers,
            response.Content.Headers.ContentType?.MediaType);
    }
}
