using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>Applications remembered across requests: each caller gets its own copy, and writes through a copy are saved.</summary>
public abstract class ApplicationSnapshotTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_remembered_application_is_handed_out_as_separate_copies_that_unsaved_changes_do_not_leak_from()
    {
        var client = await TestClients.CreateMachineClientAsync(server.Factory);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        var first = await FindAsync(client.ClientId);
        var second = await FindAsync(client.ClientId);
        Assert.NotSame(first.Application, second.Application);
        await first.Manager.PopulateAsync(first.Application, new OpenIddictApplicationDescriptor { ClientId = client.ClientId, DisplayName = "Not saved" });

        var third = await FindAsync(client.ClientId);
        Assert.Null(await third.Manager.GetDisplayNameAsync(third.Application));
    }

    [Fact]
    public async Task Within_one_request_every_lookup_of_a_client_answers_the_same_instance()
    {
        var client = await TestClients.CreateMachineClientAsync(server.Factory);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        await using var scope = server.Factory.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var first = await applications.FindByClientIdAsync(client.ClientId);
        Assert.Same(first, await applications.FindByClientIdAsync(client.ClientId));
        Assert.Null(await applications.FindByClientIdAsync("no-such-client"));
        Assert.Same(first, await applications.FindByClientIdAsync(client.ClientId));
    }

    [Fact]
    public async Task A_change_saved_through_a_remembered_copy_reaches_the_database_and_the_next_lookup()
    {
        var client = await TestClients.CreateMachineClientAsync(server.Factory);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var copy = (await applications.FindByClientIdAsync(client.ClientId))!;
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, copy);
            descriptor.DisplayName = "Partner ERP (renamed)";
            await applications.UpdateAsync(copy, descriptor);
        }

        var after = await FindAsync(client.ClientId);
        Assert.Equal("Partner ERP (renamed)", await after.Manager.GetDisplayNameAsync(after.Application));
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);
    }

    private async Task<(IOpenIddictApplicationManager Manager, object Application)> FindAsync(string clientId)
    {
        var scope = server.Factory.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        return (manager, (await manager.FindByClientIdAsync(clientId))!);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ApplicationSnapshotsOnSqlite(SqliteServer server) : ApplicationSnapshotTests(server);

[Collection(OnPostgres.Name)]
public sealed class ApplicationSnapshotsOnPostgres(PostgresServer server) : ApplicationSnapshotTests(server);
