using Aict.Deploy.Tests.Services;

namespace Aict.Deploy.Tests;

/// <summary>
/// The <c>migrate</c> operator command the migration Jobs run, when it cannot: exit code 1 and the reason, no secret.
/// Its success (exit code 0, then a service that starts without migrating) is in <see cref="ProductionStartTests"/>.
/// </summary>
public sealed class MigrateCommandTests
{
    public static TheoryData<string, string> Services() => new()
    {
        { "IdentityServer", "identity" },
        { "CommerceApi", "commerce" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Migrate_against_an_unreachable_database_exits_1_and_says_why(string project, string connectionName)
    {
        var closedPort = ServiceProcess.FreePort();
        var unreachable = $"Host=127.0.0.1;Port={closedPort};Database=aict_unreachable;Username=aict;Password=aict;Timeout=3";

        var (exitCode, output) = await ServiceProcess.RunAsync(Service(project), Settings(connectionName, unreachable), "migrate");

        Assert.Equal(1, exitCode);
        Assert.Contains($"The {connectionName} database could not be migrated", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=aict", output, StringComparison.Ordinal);
    }

    private static FleetService Service(string project) => FleetService.All.Single(service => service.Project == project);

    private static Dictionary<string, string> Settings(string connectionName, string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = "Postgres",
        [$"ConnectionStrings__{connectionName}"] = connectionString,
        ["ConnectionStrings__redis"] = Environment.GetEnvironmentVariable("AICT_TEST_REDIS") ?? "127.0.0.1:6390",
    };
}
