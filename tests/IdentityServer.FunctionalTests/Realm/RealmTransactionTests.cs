using Aict.IdentityServer.SignIn.Users;
using Aict.TestSupport.Robustness;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary>An import is one transaction: a failure after some of it was written leaves the database as it was.</summary>
public abstract class RealmTransactionTests(ServerFixture server)
{
    [Fact]
    public async Task A_failure_in_the_middle_of_an_import_leaves_the_database_unchanged()
    {
        // A user whose user name is the file's e-mail but whose e-mail is not: only the database's uniqueness rule sees the clash,
        // after the scope, the role and the client were written.
        var clash = $"clash-{Guid.NewGuid():N}@example.com";
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { UserName = clash, Email = "other-" + clash })).Succeeded);
        }

        var file = RealmCommand.FileWith($$"""
            {
              "version": 1,
              "scopes": [{ "name": "ledger:read", "display_name": "Read the ledger", "resources": ["ledger-api"] }],
              "roles": ["bookkeeper"],
              "clients": [{ "client_id": "ledger-batch", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_basic", "scope": "ledger:read" }],
              "users": [{ "email": "bookkeeper-{{Guid.NewGuid():N}}@example.com", "roles": ["bookkeeper"] }, { "email": "{{clash}}" }]
            }
            """);
        var before = await DatabaseFingerprint.ComputeAsync(server.Factory);

        var import = await RealmCommand.RunAsync(server.Factory, "realm", "import", file);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("rolled back; nothing was written", import.Errors);
        Assert.DoesNotContain("client_secret", import.Output);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(server.Factory)));
        await using var check = server.Factory.Services.CreateAsyncScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync("ledger-batch"));
        Assert.Null(await check.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>().FindByNameAsync("ledger:read"));
    }
}

public sealed class RealmTransactionOnSqlite(EmptySqliteServer server) : RealmTransactionTests(server), IClassFixture<EmptySqliteServer>;

public sealed class RealmTransactionOnPostgres(EmptyPostgresServer server) : RealmTransactionTests(server), IClassFixture<EmptyPostgresServer>;
