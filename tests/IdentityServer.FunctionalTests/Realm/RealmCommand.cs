using Aict.IdentityServer.Administration.Realm;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary>An operator command's exit code and what it printed.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
}

/// <summary>Runs the realm commands in process against a test server's services, as the real entry point would.</summary>
internal static class RealmCommand
{
    public static async Task<CommandRun> RunAsync(IdentityServerFactory server, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await RealmCommands.RunAsync(server.Services, args, output, errors);
        return new CommandRun(code, output.ToString(), errors.ToString());
    }

    /// <summary>A path in a fresh temporary directory; the file does not exist yet.</summary>
    public static string NewFile(string name = "realm.json") => Path.Combine(Directory.CreateTempSubdirectory("aict-realm-").FullName, name);

    /// <summary>Writes a realm file for an import and returns its path.</summary>
    public static string FileWith(string json)
    {
        var path = NewFile();
        File.WriteAllText(path, json);
        return path;
    }
}

/// <summary>An IdentityServer on a database that holds only what every deployment starts with (no demo realm).</summary>
public class EmptySqliteServer() : ServerFixture(TestDatabase.Sqlite(), EmptyRealm.Settings);

public sealed class EmptyPostgresServer() : ServerFixture(TestDatabase.Postgres(), EmptyRealm.Settings);

internal static class EmptyRealm
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?> { ["Seed:Demo"] = "false" };
}
