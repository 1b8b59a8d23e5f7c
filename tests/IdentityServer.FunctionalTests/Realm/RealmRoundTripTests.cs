using System.Text.RegularExpressions;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.TestSupport.Robustness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary>
/// The demo realm exported from one server and imported into an empty one: it works there, a second import
/// changes nothing, and exporting it again gives the same bytes.
/// </summary>
public sealed partial class RealmRoundTripTests(SqliteServer demo, EmptySqliteServer target)
    : IClassFixture<SqliteServer>, IClassFixture<EmptySqliteServer>
{
    [Fact]
    public async Task An_exported_realm_imports_into_an_empty_database_works_there_and_a_second_import_changes_nothing()
    {
        var file = RealmCommand.NewFile();
        var export = await RealmCommand.RunAsync(demo.Factory, "realm", "export", file, "--include-secrets");
        Assert.True(export.ExitCode == 0, export.ToString());

        var import = await RealmCommand.RunAsync(target.Factory, "realm", "import", file);

        Assert.True(import.ExitCode == 0, import.ToString());
        // Secrets are stored hashed, so the file had none: the import made them up and showed them this once.
        var secrets = GeneratedSecret().Matches(import.Output).ToDictionary(m => m.Groups["client"].Value, m => m.Groups["secret"].Value);
        Assert.Equal(["channel-web", "partner-erp", "partner-hr", "sso-portal"], secrets.Keys.Order());
        var machine = new DemoClient("partner-erp", secrets["partner-erp"], null, null);
        var clientCredentials = await new TokenClient(target.Factory.CreateBackChannel()).ClientCredentialsAsync(machine, "products:read");
        Assert.True(clientCredentials.AccessToken is not null, clientCredentials.Json.ToString());
        var channelWeb = DemoRealm.ChannelWeb with { Secret = secrets["channel-web"] };
        // Alice's password hash came with the file: her demo password works on the new server.
        Assert.NotNull((await new CodeFlow(target.Factory).SignInAsync(new AuthorizationRequest(channelWeb), DemoRealm.Alice)).AccessToken);
        await using (var scope = target.Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents.AnyAsync(e => e.Type == AuditEventTypes.RealmImported));
        }

        var before = await DatabaseFingerprint.ComputeAsync(target.Factory);
        var again = await RealmCommand.RunAsync(target.Factory, "realm", "import", file);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(@"0 created, 0 updated, \d+ unchanged\.", again.Output);
        Assert.DoesNotContain("client_secret", again.Output);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(target.Factory)));
        var reexported = RealmCommand.NewFile();
        Assert.Equal(0, (await RealmCommand.RunAsync(target.Factory, "realm", "export", reexported, "--include-secrets")).ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(file), await File.ReadAllTextAsync(reexported));
    }

    [Fact]
    public async Task An_export_has_no_secrets_unless_asked_is_readable_by_its_owner_only_and_replaces_a_file_only_when_forced()
    {
        var file = RealmCommand.NewFile();

        var export = await RealmCommand.RunAsync(demo.Factory, "--", "realm", "export", file);

        Assert.True(export.ExitCode == 0, export.ToString());
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("\"client_id\": \"partner-erp\"", text);
        Assert.Contains("\"email\": \"alice@example.com\"", text);
        Assert.DoesNotContain("password_hash", text);
        Assert.DoesNotContain("\"client_secret\"", text);
        Assert.DoesNotContain("dev-secret", text);
        // Only the metadata's own members: not the server's computed reading of them.
        Assert.DoesNotContain("EffectiveGrantTypes", text);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var refused = await RealmCommand.RunAsync(demo.Factory, "realm", "export", file, "--include-secrets");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Errors);
        Assert.Equal(text, await File.ReadAllTextAsync(file));

        Assert.Equal(0, (await RealmCommand.RunAsync(demo.Factory, "realm", "export", file, "--include-secrets", "--force")).ExitCode);
        Assert.Contains("password_hash", await File.ReadAllTextAsync(file));
    }

    [GeneratedRegex(@"client_secret of (?<client>\S+) \(shown once, store it now\): (?<secret>\S+)")]
    private static partial Regex GeneratedSecret();
}
