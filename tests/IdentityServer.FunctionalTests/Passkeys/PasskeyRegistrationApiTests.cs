using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>Registering a passkey through the account API: the options the browser gets, and what is refused.</summary>
public abstract class PasskeyRegistrationApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Registration_options_ask_for_a_discoverable_user_verified_passkey_and_exclude_the_users_existing_ones()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var existing = await PasskeyRows.AddAsync(Factory, await TestUsers.IdOfAsync(Factory, user));

        using var response = await portal.Api.PostAsync("/api/account/passkeys/options", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var start = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(start.GetProperty("ceremonyId").GetString()));
        var options = start.GetProperty("options");
        Assert.Equal("localhost", options.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal(user.Email, options.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(Base64Url.EncodeToString(existing.UserHandle), options.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString());
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        var excluded = Assert.Single(options.GetProperty("excludeCredentials").EnumerateArray());
        Assert.Equal(Base64Url.EncodeToString(existing.CredentialId), excluded.GetProperty("id").GetString());
        Assert.Equal(["internal", "hybrid"], excluded.GetProperty("transports").EnumerateArray().Select(t => t.GetString()));
        Assert.True(Base64Url.DecodeFromChars(options.GetProperty("challenge").GetString()).Length >= 16);
    }

    [Fact]
    public async Task An_answer_that_is_no_valid_attestation_is_refused_and_its_ceremony_cannot_be_used_again()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var portal = await PortalSession.SignInAsync(Factory, user);
        var start = await StartAsync(portal);

        using var refused = await portal.Api.PostAsJsonAsync("/api/account/passkeys", Registration(start, "Laptop"));
        using var replayed = await portal.Api.PostAsJsonAsync("/api/account/passkeys", Registration(start, "Laptop"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Passkey refused", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("Passkey registration expired", (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Empty(await PasskeyRows.OfAsync(Factory, await TestUsers.IdOfAsync(Factory, user)));
    }

    [Fact]
    public async Task A_ceremony_another_user_started_is_refused()
    {
        var owner = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var other = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var start = await StartAsync(owner);

        using var response = await other.Api.PostAsJsonAsync("/api/account/passkeys", Registration(start, "Laptop"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Passkey registration expired", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that goes on and on and on and on and on and on and on and on and on and on and on and on and on")]
    public async Task A_passkey_needs_a_name_of_at_most_100_characters(string name)
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        var start = await StartAsync(portal);

        using var response = await portal.Api.PostAsJsonAsync("/api/account/passkeys", Registration(start, name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Name", out _));
    }

    [Fact]
    public async Task A_body_without_a_credential_is_a_problem_not_an_error()
    {
        var portal = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));

        using var response = await portal.Api.PostAsync("/api/account/passkeys",
            new StringContent("""{"ceremonyId":"x","name":"Laptop","credential":{"rawId":"not base64url!"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> StartAsync(PortalSession portal)
    {
        using var response = await portal.Api.PostAsync("/api/account/passkeys/options", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A well-formed answer to the ceremony's challenge from the portal's origin, but no authenticator signed it.</summary>
    private static object Registration(JsonElement start, string name)
    {
        var clientData = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "webauthn.create",
            challenge = start.GetProperty("options").GetProperty("challenge").GetString(),
            origin = "http://localhost:5300",
        });
        var id = Base64Url.EncodeToString(Guid.NewGuid().ToByteArray());
        return new
        {
            ceremonyId = start.GetProperty("ceremonyId").GetString(),
            name,
            credential = new
            {
                id,
                rawId = id,
                type = "public-key",
                response = new { clientDataJSON = Base64Url.EncodeToString(clientData), attestationObject = Base64Url.EncodeToString([0xa0]) },
                clientExtensionResults = new { },
            },
        };
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasskeyRegistrationApiTestsOnSqlite(SqliteServer server) : PasskeyRegistrationApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasskeyRegistrationApiTestsOnPostgres(PostgresServer server) : PasskeyRegistrationApiTests(server);
