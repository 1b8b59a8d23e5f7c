using System.Net;
using System.Text.Json.Nodes;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>
/// The client configuration endpoint (RFC 7592): a client reads, replaces and deletes its own registration with its
/// registration access token, within what its initial access token allowed, and cannot touch another client's.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class ClientConfigurationTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    private RegistrationCalls Calls { get; } = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_client_reads_its_registration_without_the_secret()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());

        var read = await Calls.SendAsync(HttpMethod.Get, registered.ClientUri, registered.RegistrationToken);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(registered.ClientId, read.ClientId);
        Assert.Null(read.Get("client_secret"));
        Assert.Equal(registered.RegistrationToken, read.RegistrationToken);
        Assert.Equal(registered.ClientUri, read.ClientUri);
        Assert.Equal(registered.Json.GetProperty("client_id_issued_at").GetInt64(), read.Json.GetProperty("client_id_issued_at").GetInt64());
        Assert.Equal(registered.Strings("redirect_uris"), read.Strings("redirect_uris"));
        Assert.Equal(registered.Get("scope"), read.Get("scope"));
    }

    [Fact]
    public async Task A_client_replaces_its_metadata_and_omitted_fields_are_removed_and_the_new_redirect_works()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());
        var replacement = new JsonObject
        {
            ["client_id"] = registered.ClientId,
            ["client_secret"] = registered.Get("client_secret"),
            ["client_name"] = "Partner Web v2",
            ["redirect_uris"] = new JsonArray("https://partner.example/v2/callback"),
            ["grant_types"] = new JsonArray("authorization_code"),
            ["scope"] = "openid profile",
        };

        var updated = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, replacement);
        var tokens = await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(updated.Client with { Secret = registered.Get("client_secret") }, "openid profile"), DemoRealm.Alice);

        Assert.True(updated.Status == HttpStatusCode.OK, updated.Json.ToString());
        Assert.Equal("Partner Web v2", updated.Get("client_name"));
        Assert.Equal(["https://partner.example/v2/callback"], updated.Strings("redirect_uris"));
        Assert.Empty(updated.Strings("post_logout_redirect_uris"));
        Assert.Equal(["authorization_code"], updated.Strings("grant_types"));
        Assert.Null(updated.Get("client_secret"));
        Assert.NotNull(tokens.AccessToken);
        Assert.Null(tokens.RefreshToken);
        await using var scope = Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .AnyAsync(e => e.Type == "client_registration_updated" && e.ClientId == registered.ClientId));
    }

    [Fact]
    public async Task A_client_cannot_escalate_to_grants_or_scopes_its_initial_access_token_did_not_allow()
    {
        var (_, token) = await (await InitialAccessTokenAdmin.SignInAsync(Factory)).CreateAsync(Factory, scopes: ["openid", "profile"]);
        var registered = await Calls.RegisteredAsync(new JsonObject
        {
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["scope"] = "openid profile",
        }, token);

        var moreGrants = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, new JsonObject
        {
            ["client_id"] = registered.ClientId,
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["grant_types"] = new JsonArray("authorization_code", "client_credentials"),
            ["scope"] = "openid profile",
        });
        var moreScopes = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, new JsonObject
        {
            ["client_id"] = registered.ClientId,
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["scope"] = "openid profile products:read",
        });
        var implicitConsent = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, new JsonObject
        {
            ["client_id"] = registered.ClientId,
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["consent_type"] = "implicit",
        });
        var read = await Calls.SendAsync(HttpMethod.Get, registered.ClientUri, registered.RegistrationToken);

        Assert.Equal("invalid_client_metadata", moreGrants.Error);
        Assert.Equal("invalid_client_metadata", moreScopes.Error);
        Assert.Equal("invalid_client_metadata", implicitConsent.Error);
        Assert.Equal(["authorization_code"], read.Strings("grant_types"));
        Assert.Equal("openid profile", read.Get("scope"));
        Assert.Equal("explicit", read.Get("consent_type"));
    }

    [Fact]
    public async Task An_update_must_name_the_client_and_may_not_choose_a_secret()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());
        var other = RegistrationCalls.WebClient();
        other["client_id"] = "someone-else";
        var chosen = RegistrationCalls.WebClient();
        chosen["client_id"] = registered.ClientId;
        chosen["client_secret"] = "my-own-secret";

        var wrongId = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, other);
        var ownSecret = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, chosen);
        var flow = new CodeFlow(Factory);

        Assert.Equal("invalid_client_metadata", wrongId.Error);
        Assert.Equal("invalid_client_metadata", ownSecret.Error);
        // The registered secret still authenticates the client (the bogus refresh token is what fails); the chosen one does not.
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(registered.Client, "not-a-refresh-token")).Error);
        Assert.Equal("invalid_client", (await flow.Tokens.RefreshAsync(registered.Client with { Secret = "my-own-secret" }, "not-a-refresh-token")).Error);
    }

    [Fact]
    public async Task A_public_client_that_switches_to_a_secret_is_issued_one_in_the_answer()
    {
        var registered = await Calls.RegisteredAsync(new JsonObject
        {
            ["token_endpoint_auth_method"] = "none",
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["scope"] = "openid",
        });

        var updated = await Calls.SendAsync(HttpMethod.Put, registered.ClientUri, registered.RegistrationToken, new JsonObject
        {
            ["client_id"] = registered.ClientId,
            ["token_endpoint_auth_method"] = "client_secret_post",
            ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
            ["scope"] = "openid",
        });
        var request = new AuthorizationRequest(updated.Client, "openid");
        var flow = new CodeFlow(Factory);
        var response = await flow.AuthorizeAsync(request, DemoRealm.Alice);
        var tokens = await flow.Tokens.RedeemAsync(request, response.Code!, basicAuth: false);

        Assert.True(updated.Status == HttpStatusCode.OK, updated.Json.ToString());
        Assert.NotNull(updated.Get("client_secret"));
        Assert.Equal(0, updated.Json.GetProperty("client_secret_expires_at").GetInt64());
        Assert.NotNull(tokens.AccessToken);
    }

    [Fact]
    public async Task A_wrong_registration_token_another_clients_token_or_a_client_not_registered_here_get_401_invalid_token()
    {
        var a = await Calls.RegisteredAsync(RegistrationCalls.WebClient("A"));
        var b = await Calls.RegisteredAsync(RegistrationCalls.WebClient("B"));
        var replacement = RegistrationCalls.WebClient("taken over");
        replacement["client_id"] = b.ClientId;

        Answer[] refused =
        [
            await Calls.SendAsync(HttpMethod.Get, a.ClientUri, "wrong-token"),
            await Calls.SendAsync(HttpMethod.Get, a.ClientUri, null),
            await Calls.SendAsync(HttpMethod.Get, b.ClientUri, a.RegistrationToken),
            await Calls.SendAsync(HttpMethod.Put, b.ClientUri, a.RegistrationToken, replacement),
            await Calls.SendAsync(HttpMethod.Delete, b.ClientUri, a.RegistrationToken),
            await Calls.SendAsync(HttpMethod.Get, "/connect/register/channel-web", a.RegistrationToken),
            await Calls.SendAsync(HttpMethod.Delete, "/connect/register/no-such-client", a.RegistrationToken),
        ];

        Assert.All(refused, answer =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("invalid_token", answer.Error);
            Assert.Equal("Bearer error=\"invalid_token\"", answer.Headers.WwwAuthenticate.ToString());
        });
        Assert.Equal("B", (await Calls.SendAsync(HttpMethod.Get, b.ClientUri, b.RegistrationToken)).Get("client_name"));
    }
}
