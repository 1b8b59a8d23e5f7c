using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>The verified-secret memory must never let a wrong or replaced secret through.</summary>
public abstract class ClientSecretCheckTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task The_right_secret_works_on_every_request()
    {
        var client = await RegisterClientAsync();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await _tokens.ClientCredentialsAsync(client, "products:read");
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }
    }

    [Fact]
    public async Task A_wrong_secret_fails_every_time_also_after_the_right_one_was_accepted()
    {
        var client = await RegisterClientAsync();
        var wrong = client with { Secret = client.Secret + "x" };

        Assert.Equal("invalid_client", (await _tokens.ClientCredentialsAsync(wrong, "products:read")).Error);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await _tokens.ClientCredentialsAsync(wrong, "products:read", basicAuth: attempt == 0);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("invalid_client", response.Error);
            Assert.Null(response.AccessToken);
        }
    }

    [Fact]
    public async Task A_changed_secret_makes_the_old_one_fail_at_once_and_the_new_one_work()
    {
        var client = await RegisterClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);
        var replaced = client with { Secret = "replaced-secret-" + Guid.NewGuid().ToString("N") };

        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = await applications.FindByClientIdAsync(client.ClientId);
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application!);
            descriptor.ClientSecret = replaced.Secret;
            await applications.UpdateAsync(application!, descriptor);
        }

        var old = await _tokens.ClientCredentialsAsync(client, "products:read");
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("invalid_client", old.Error);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(replaced, "products:read")).Status);
    }

    private Task<DemoClient> RegisterClientAsync() => TestClients.CreateMachineClientAsync(server.Factory);
}

[Collection(OnSqlite.Name)]
public sealed class ClientSecretCheckOnSqlite(SqliteServer server) : ClientSecretCheckTests(server);

[Collection(OnPostgres.Name)]
public sealed class ClientSecretCheckOnPostgres(PostgresServer server) : ClientSecretCheckTests(server);
