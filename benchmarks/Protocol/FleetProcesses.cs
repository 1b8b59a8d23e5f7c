using System.Diagnostics;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The fleet as real processes on loopback: two IdentityServer and two CommerceApi instances on the private PostgreSQL
/// and redis-server, behind the gateway, which serves IdentityServer on <see cref="IdentityUrl"/> (also the issuer) and
/// CommerceApi on <see cref="CommerceUrl"/>. An instance can be killed (SIGKILL) and started again with the same settings.
/// </summary>
internal sealed class FleetProcesses : IDisposable
{
    public const int GatewayIdentityPort = 5800;
    public const int GatewayCommercePort = 5801;
    public const int GatewayPortalPort = 5802;
    public static readonly int[] IdentityPorts = [5811, 5812];
    public static readonly int[] CommercePorts = [5821, 5822];
    public const int PostgresPort = 5850;
    public const int RedisPort = 5851;
    public const string IdentityDatabase = "fleet_identity";
    public const string CommerceDatabase = "fleet_commerce";

    private readonly Dictionary<string, (string Assembly, Uri Address, Dictionary<string, string> Environment)> _definitions = [];
    private readonly Dictionary<string, ServiceProcess> _running = [];
    private readonly string _logDirectory;

    private FleetProcesses(string logDirectory) => _logDirectory = logDirectory;

    public static Uri IdentityUrl { get; } = new($"http://localhost:{GatewayIdentityPort}/");

    public static Uri CommerceUrl { get; } = new($"http://localhost:{GatewayCommercePort}/");

    public IReadOnlyDictionary<string, ServiceProcess> Running => _running;

    public static async Task<FleetProcesses> StartAsync(FleetBuilds builds, PrivatePostgres postgres, PrivateRedis redis,
        FleetDrillSettings settings, string logDirectory, CancellationToken cancellationToken)
    {
        var fleet = new FleetProcesses(logDirectory);
        try
        {
            var shared = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__redis"] = redis.Address,
            };
            for (var i = 0; i < IdentityPorts.Length; i++)
            {
                fleet.Define($"identity-{i + 1}", builds.IdentityServer, IdentityPorts[i], new Dictionary<string, string>(shared)
                {
                    ["ConnectionStrings__identity"] = postgres.ConnectionString(IdentityDatabase),
                    ["Server__Issuer"] = IdentityUrl.AbsoluteUri,
                    // Pruning scaled from hours to a minute, so that the soak shows the token tables level off.
                    ["Pruning__Retention"] = "00:01:00",
                    ["Pruning__Interval"] = "00:01:00",
                    // Redeemed refresh tokens are kept until they expire: a short sliding lifetime lets pruning reach them. Each family
                    // refreshes far more often, so it never lapses.
                    ["Tokens__RefreshTokenSliding"] = "00:02:00",
                });
            }

            for (var i = 0; i < CommercePorts.Length; i++)
            {
                fleet.Define($"commerce-{i + 1}", builds.CommerceApi, CommercePorts[i], new Dictionary<string, string>(shared)
                {
                    ["ConnectionStrings__commerce"] = postgres.ConnectionString(CommerceDatabase),
                    ["Identity__Authority"] = IdentityUrl.AbsoluteUri,
                    ["Revocation__StalenessBound"] = settings.StalenessBound.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            var gateway = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_URLS"] = $"http://localhost:{GatewayIdentityPort};http://localhost:{GatewayCommercePort};http://localhost:{GatewayPortalPort}",
                ["ReverseProxy__Routes__identity__Match__Hosts__0"] = $"*:{GatewayIdentityPort}",
                ["ReverseProxy__Routes__commerce__Match__Hosts__0"] = $"*:{GatewayCommercePort}",
                ["ReverseProxy__Routes__portal__Match__Hosts__0"] = $"*:{GatewayPortalPort}",
                // The drills measure the instances, not the edge limit.
                ["Gateway__RateLimit__PermitsPerSecond"] = "0",
            };
            for (var i = 0; i < IdentityPorts.Length; i++)
            {
                gateway[$"ReverseProxy__Clusters__identity__Destinations__i{i + 1}__Address"] = $"http://127.0.0.1:{IdentityPorts[i]}/";
            }

            for (var i = 0; i < CommercePorts.Length; i++)
            {
                gateway[$"ReverseProxy__Clusters__commerce__Destinations__c{i + 1}__Address"] = $"http://127.0.0.1:{CommercePorts[i]}/";
            }

            fleet._definitions["gateway"] = (builds.Gateway, new Uri($"http://127.0.0.1:{GatewayIdentityPort}/"), gateway);

            // One at a time: the first instance of each service applies the migrations and seeds the demo realm.
            foreach (var name in new[] { "identity-1", "identity-2", "commerce-1", "commerce-2", "gateway" })
            {
                await fleet.StartAsync(name, cancellationToken);
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>Starts (or starts again) one process and waits until its <c>/health</c> (the gateway: <c>/alive</c>) answers 200.</summary>
    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        var (assembly, address, environment) = _definitions[name];
        if (_running.Remove(name, out var old))
        {
            old.Dispose();
        }

        var process = ServiceProcess.Start(name, address, assembly, [], environment, _logDirectory);
        _running[name] = process;
        await process.WaitUntilHealthyAsync(cancellationToken, name == "gateway" ? "/alive" : "/health");
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: requests in flight are cut, nothing is flushed.</summary>
    public void Kill(string name) => _running[name].Stop();

    public IEnumerable<(string Name, int ProcessId)> ProcessIds() =>
        _running.Where(pair => pair.Value.IsRunning).Select(pair => (pair.Key, pair.Value.ProcessId));

    public void Dispose()
    {
        foreach (var process in _running.Values)
        {
            process.Dispose();
        }

        _running.Clear();
    }

    private void Define(string name, string assembly, int port, Dictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{port}/");
        environment["ASPNETCORE_URLS"] = address.AbsoluteUri.TrimEnd('/');
        _definitions[name] = (assembly, address, environment);
    }
}

/// <summary>The Release builds the fleet runs: IdentityServer, CommerceApi and the gateway.</summary>
internal sealed record FleetBuilds(string IdentityServer, string CommerceApi, string Gateway)
{
    public static async Task<FleetBuilds> BuildAsync(string repositoryRoot, CancellationToken cancellationToken) => new(
        await BuildAsync(repositoryRoot, "IdentityServer", cancellationToken),
        await BuildAsync(repositoryRoot, "CommerceApi", cancellationToken),
        await BuildAsync(repositoryRoot, "Gateway", cancellationToken));

    private static async Task<string> BuildAsync(string repositoryRoot, string project, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(repositoryRoot, "src", project);
        Console.Error.WriteLine($"Building {project} (Release)...");
        var (exitCode, output) = await ShortProcess.RunAsync(
            new ProcessStartInfo("dotnet", ["build", Path.Combine(directory, project + ".csproj"), "-c", "Release", "--nologo", "-v", "q"]),
            cancellationToken);
        return exitCode == 0
            ? Path.Combine(directory, "bin", "Release", "net10.0", project + ".dll")
            : throw new InvalidOperationException($"Building {project} failed:\n{output}");
    }
}
