using System.Net;
using System.Net.Sockets;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The services on one database, each its own process on its embedded defaults (Development, demo realm):
/// IdentityServer, CommerceApi as shipped, and CommerceApi's Program hosted by this driver twice, as is and
/// with authentication replaced (the unauthenticated baseline).
/// </summary>
internal sealed class ProtocolStack : IAsyncDisposable
{
    private const int PreferredIdentityPort = 5100;

    private readonly List<ServiceProcess> _processes = [];

    private ProtocolStack(BenchmarkDatabases databases, string identityConnectionString)
    {
        Databases = databases;
        IdentityConnectionString = identityConnectionString;
    }

    public BenchmarkDatabases Databases { get; }

    public string IdentityConnectionString { get; }

    public ServiceProcess Identity => _processes[0];

    /// <summary>CommerceApi as shipped (its own build, its own Program).</summary>
    public ServiceProcess Commerce => _processes[1];

    /// <summary>CommerceApi's Program hosted by <c>serve-commerce</c>: the same hosting as the baseline.</summary>
    public ServiceProcess HostedCommerce => _processes[2];

    /// <summary>The baseline: <c>serve-commerce --anonymous</c>, every request authenticated as the partner without a token.</summary>
    public ServiceProcess AnonymousCommerce => _processes[3];

    public IEnumerable<ServiceProcess> CommerceProcesses => _processes.Skip(1);

    /// <param name="identitySettings">Settings for IdentityServer beyond its defaults, as environment variables (the growth run's lifetimes).</param>
    public static async Task<ProtocolStack> StartAsync(BenchmarkDatabases databases, ServiceBuilds builds, DriverSettings settings,
        string logDirectory, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? identitySettings = null)
    {
        var stack = new ProtocolStack(databases, await databases.CreateAsync("identity"));
        try
        {
            var identityPort = IsFree(PreferredIdentityPort) ? PreferredIdentityPort : FreePort();
            // localhost, not 127.0.0.1: the issuer is the URL IdentityServer is called at, and CommerceApi expects that one.
            var identity = new Uri($"http://localhost:{identityPort}/");
            var shared = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Database__Provider"] = databases.Provider,
                ["ConnectionStrings__redis"] = settings.Redis,
            };
            var identityEnvironment = new Dictionary<string, string>(shared)
            {
                ["ASPNETCORE_URLS"] = identity.AbsoluteUri.TrimEnd('/'),
                ["ConnectionStrings__identity"] = stack.IdentityConnectionString,
                ["Server__Issuer"] = identity.AbsoluteUri,
            };
            foreach (var (key, value) in identitySettings ?? new Dictionary<string, string>())
            {
                identityEnvironment[key] = value;
            }

            stack._processes.Add(ServiceProcess.Start("identity-server", identity, builds.IdentityServer, [], identityEnvironment, logDirectory));
            await stack.Identity.WaitUntilHealthyAsync(cancellationToken);

            shared["Identity__Authority"] = identity.AbsoluteUri;
            foreach (var (name, assembly, arguments) in new (string, string, string[])[]
            {
                ("commerce-api", builds.CommerceApi, []),
                ("commerce-hosted", builds.Driver, ["serve-commerce"]),
                ("commerce-anonymous", builds.Driver, ["serve-commerce", "--anonymous"]),
            })
            {
                var address = new Uri($"http://127.0.0.1:{FreePort()}/");
                var environment = new Dictionary<string, string>(shared)
                {
                    ["ASPNETCORE_URLS"] = address.AbsoluteUri.TrimEnd('/'),
                    ["ConnectionStrings__commerce"] = await databases.CreateAsync(name),
                };
                stack._processes.Add(ServiceProcess.Start(name, address, assembly, arguments, environment, logDirectory));
            }

            await Task.WhenAll(stack.CommerceProcesses.Select(process => process.WaitUntilHealthyAsync(cancellationToken)));
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }

        await Databases.DisposeAsync();
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
