using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Logout;

/// <summary>
/// An IdentityServer of its own for the back-channel logout tests: they move its clock by an hour and more,
/// which the shared servers' other tests must not see; the dispatcher polls often so retries follow the clock quickly.
/// </summary>
public abstract class BackchannelLogoutServer(TestDatabase database) : ServerFixture(database, new Dictionary<string, string?>
{
    ["BackchannelLogout:PollInterval"] = "00:00:00.100",
})
{

    /// <summary>Registers a confidential code + PKCE client, like the demo web clients, with or without a back-channel logout URI.</summary>
    public Task<DemoClient> RegisterClientAsync(Uri? backchannelLogoutUri) =>
        TestClients.CreateWebClientAsync(Factory, descriptor =>
        {
            if (backchannelLogoutUri is not null)
            {
                BackchannelLogoutRegistration.Set(descriptor, backchannelLogoutUri, sessionRequired: true, LogoutUriRule.Development);
            }
        });

    /// <summary>The delivery rows stored for a session, oldest first.</summary>
    public async Task<List<BackchannelLogoutDelivery>> DeliveriesAsync(string sessionId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().BackchannelLogoutDeliveries.AsNoTracking()
            .Where(d => d.SessionId == sessionId).OrderBy(d => d.Id).ToListAsync();
    }
}

public sealed class BackchannelLogoutServerOnSqlite() : BackchannelLogoutServer(TestDatabase.Sqlite());

public sealed class BackchannelLogoutServerOnPostgres() : BackchannelLogoutServer(TestDatabase.Postgres());

[CollectionDefinition(Name)]
public sealed class BackchannelOnSqlite : ICollectionFixture<BackchannelLogoutServerOnSqlite>
{
    public const string Name = "Back-channel logout on SQLite";
}

[CollectionDefinition(Name)]
public sealed class BackchannelOnPostgres : ICollectionFixture<BackchannelLogoutServerOnPostgres>
{
    public const string Name = "Back-channel logout on PostgreSQL";
}
