using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests;

public abstract class AccessControlTests(CommerceServices services)
{
    [Fact]
    public async Task A_request_without_a_token_gets_401_with_a_bearer_challenge_and_problem_details()
    {
        using var response = await services.Anonymous().GetAsync("/api/categories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_invalid_token_gets_401_invalid_token()
    {
        using var response = await services.Api.CreateClient("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").GetAsync("/api/categories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_ID_token_is_not_accepted_as_an_access_token()
    {
        var tokens = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid products:read"), DemoRealm.Alice);

        using var response = await services.Api.CreateClient(tokens.IdToken).GetAsync("/api/categories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_scope_gets_403_naming_it()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var response = await alice.PostAsJsonAsync("/api/categories", new { name = "Not allowed" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"products:write\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_partner_creates_a_category_and_a_user_reads_it()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);

        using var created = await partner.PostAsJsonAsync("/api/categories", new { name = $"Appliances {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var category = await created.Content.ReadFromJsonAsync<CategoryDto>();

        var listed = await alice.GetFromJsonAsync<CategoryDto[]>("/api/categories");
        Assert.Contains(listed!, c => c.Id == category!.Id);
    }

    [Fact]
    public async Task Invalid_input_is_a_400_naming_the_field()
    {
        var partner = await services.PartnerAsync();

        using var response = await partner.PostAsJsonAsync("/api/categories", new { name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Name", await response.Content.ReadAsStringAsync());
    }

    private sealed record CategoryDto(Guid Id, string Name, Guid? ParentId);
}

[Collection(OnSqlite.Name)]
public sealed class AccessControlOnSqlite(SqliteServices services) : AccessControlTests(services);

[Collection(OnPostgres.Name)]
public sealed class AccessControlOnPostgres(PostgresServices services) : AccessControlTests(services);
