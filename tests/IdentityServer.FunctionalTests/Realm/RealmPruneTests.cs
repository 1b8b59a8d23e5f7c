using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Aict.TestSupport.Robustness;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary><c>realm import --prune</c>: what the file does not list goes, as the console would remove it; never the last administrator.</summary>
public sealed class RealmPruneTests(EmptySqliteServer server) : IClassFixture<EmptySqliteServer>
{
    private const string Secret = "pruned-partner-secret-of-32-characters";

    [Fact]
    public async Task Prune_deletes_what_the_file_does_not_list_and_the_deleted_client_gets_no_more_tokens_but_never_leaves_no_administrator()
    {
        var full = RealmCommand.FileWith(Realm(withExtras: true));
        Assert.Equal(0, (await RealmCommand.RunAsync(server.Factory, "realm", "import", full)).ExitCode);
        var tokens = new TokenClient(server.Factory.CreateBackChannel());
        var retired = new DemoClient("retired-batch", Secret, null, null);
        Assert.NotNull((await tokens.ClientCredentialsAsync(retired, "reports:read")).AccessToken);

        var pruned = await RealmCommand.RunAsync(server.Factory, "realm", "import", RealmCommand.FileWith(Realm(withExtras: false)), "--prune");

        Assert.True(pruned.ExitCode == 0, pruned.ToString());
        // The owner loses the clerk role; gone are the client, the clerk, the clerk role and the reports scope.
        Assert.True(pruned.Output.Contains("0 created, 1 updated, 3 unchanged, 4 deleted.", StringComparison.Ordinal), pruned.Output);
        Assert.Equal("invalid_client", (await tokens.ClientCredentialsAsync(retired, "ledger:read")).Error);
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            Assert.Null(await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("clerk@example.com"));
            Assert.Null(await services.GetRequiredService<IOpenIddictScopeManager>().FindByNameAsync("reports:read"));
            Assert.NotNull(await services.GetRequiredService<IOpenIddictScopeManager>().FindByNameAsync("products:read"));
            Assert.True(await services.GetRequiredService<ApplicationDbContext>().AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.AccountDeleted));
        }

        var before = await DatabaseFingerprint.ComputeAsync(server.Factory);
        var noAdministrator = RealmCommand.FileWith("""{ "version": 1, "roles": ["admin"], "users": [] }""");
        var refused = await RealmCommand.RunAsync(server.Factory, "realm", "import", noAdministrator, "--prune");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("$.users: --prune would delete every administrator", refused.Errors);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(server.Factory)));
    }

    private static string Realm(bool withExtras) => $$"""
        {
          "version": 1,
          "scopes": [{{(withExtras ? """{ "name": "reports:read", "resources": ["reports-api"] }, """ : "")}}{ "name": "ledger:read", "resources": ["ledger-api"] }],
          "roles": ["admin"{{(withExtras ? ", \"clerk\"" : "")}}],
          "clients": [
            {{(withExtras ? $$"""{ "client_id": "retired-batch", "grant_types": ["client_credentials"], "scope": "reports:read", "client_secret": "{{Secret}}" },""" : "")}}
            { "client_id": "ledger-batch", "grant_types": ["client_credentials"], "scope": "ledger:read", "client_secret": "{{Secret}}" }
          ],
          "users": [
            { "email": "owner@example.com", "email_verified": true, "roles": ["admin"{{(withExtras ? ", \"clerk\"" : "")}}] }
            {{(withExtras ? """, { "email": "clerk@example.com", "roles": ["clerk"] }""" : "")}}
          ]
        }
        """;
}
