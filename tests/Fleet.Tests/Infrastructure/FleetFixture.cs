using System.Globalization;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>
/// The fleet as real processes on loopback, started once for the whole project: two instances each of
/// IdentityServer, CommerceApi and the portal (Development, demo realm, fresh PostgreSQL databases, a private
/// redis-server) behind the gateway, which serves each on a port of its own. Everything is killed and dropped at the end.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class FleetFixture : IAsyncLifetime
{
    public static readonly string[] Instances = ["i1", "i2"];

    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<int, int[]> _instancePorts = [];
    private readonly TestDatabase _identityDatabase = TestDatabase.Postgres();
    private readonly TestDatabase _commerceDatabase = TestDatabase.Postgres();
    private PrivateRedis? _redis;
    private Lazy<Task<FleetAdministrator>>? _administrator;

    /// <summary>The gateway's address for IdentityServer, which is also the issuer.</summary>
    public Uri Identity { get; } = Public(FleetPorts.Free());

    public Uri Commerce { get; } = Public(FleetPorts.Free());

    public Uri Portal { get; } = Public(FleetPorts.Free());

    public string Issuer => Identity.AbsoluteUri;

    /// <summary>The demo administrator, signed in once (the authenticator app's code is good once per time step).</summary>
    public Task<FleetAdministrator> Administrator => (_administrator ??= new(() => FleetAdministrator.SignInAsync(this))).Value;

    /// <summary>A client of <paramref name="address"/> (one of the public addresses), pinned to <paramref name="instance"/> or not; with cookies for a browser.</summary>
    public static FleetClient CreateClient(Uri address, string? instance = null, bool cookies = false)
    {
        var pinning = new InstancePinning
        {
            Instance = instance,
            InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false },
        };
        HttpMessageHandler handler = cookies ? new CookieJar { InnerHandler = pinning } : pinning;
        return new FleetClient(new HttpClient(handler) { BaseAddress = address }, pinning);
    }

    /// <summary>The loopback port of <paramref name="instance"/> behind the public address <paramref name="address"/>.</summary>
    public int InstancePort(Uri address, string instance) =>
        _instancePorts.TryGetValue(address.Port, out var ports)
            ? ports[Array.IndexOf(Instances, instance) is >= 0 and var index ? index : throw new ArgumentException($"No instance '{instance}'.", nameof(instance))]
            : throw new ArgumentException($"{address} is not a public address of the fleet.", nameof(address));

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_administrator is { IsValueCreated: true, Value.IsCompletedSuccessfully: true })
        {
            _administrator.Value.Result.Dispose();
        }

        await Task.WhenAll(_processes.Select(process => process.DisposeAsync().AsTask()));
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await _identityDatabase.DisposeAsync();
        await _commerceDatabase.DisposeAsync();
    }

    private async Task StartAsync()
    {
        _redis = new PrivateRedis();
        await _redis.StartAsync();
        var identity = InstancePortsOf(Identity);
        var commerce = InstancePortsOf(Commerce);
        var portal = InstancePortsOf(Portal);

        // The first instance of each service migrates and seeds the empty databases; the second starts after it.
        var identity1 = Start("identity-i1", "IdentityServer", identity[0], IdentitySettings());
        var commerce1 = Start("commerce-i1", "CommerceApi", commerce[0], CommerceSettings());
        Start("gateway", "Gateway", port: null, GatewaySettings());
        foreach (var port in portal)
        {
            Start($"portal-i{Array.IndexOf(portal, port) + 1}", "SsoPortal", port, PortalSettings());
        }

        await Task.WhenAll(WaitUntilHealthyAsync(identity1, identity[0]), WaitUntilHealthyAsync(commerce1, commerce[0]));
        Start("identity-i2", "IdentityServer", identity[1], IdentitySettings());
        Start("commerce-i2", "CommerceApi", commerce[1], CommerceSettings());

        // Every instance on its own port (the gateway answers /health for itself, healthy once every service has an
        // instance in rotation), so a test never meets one still starting.
        await Task.WhenAll(
            from address in new[] { Identity, Commerce, Portal }
            from instance in Instances
            select WaitUntilHealthyAsync(_processes.First(p => p.Name == $"{ServiceName(address)}-{instance}"), InstancePort(address, instance)));
        using var gateway = CreateClient(Identity);
        await PollHealthAsync(gateway.Http, "the gateway", () => _processes.FirstOrDefault(p => p.HasExited));
    }

    private string ServiceName(Uri address) => address == Identity ? "identity" : address == Commerce ? "commerce" : "portal";

    private int[] InstancePortsOf(Uri address) => _instancePorts[address.Port] = [.. Instances.Select(_ => FleetPorts.Free())];

    private Dictionary<string, string> IdentitySettings() => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__identity"] = _identityDatabase.ConnectionString,
        ["Server__Issuer"] = Issuer,
        ["Seed__Demo"] = "true",
        // Demo and test users sign in many times; the production hash cost is tested elsewhere.
        ["Passwords__HashIterations"] = "10000",
        // Every test request comes from this machine: the address-based limits would soon refuse them.
        ["Throttling__SignIn__PerClientAddress__Failures"] = "10000",
        ["Throttling__SignIn__Global__Failures"] = "10000",
        ["Throttling__ClientAuthentication__PerClientAddress__Failures"] = "10000",
        ["Throttling__ClientAuthentication__Global__Failures"] = "10000",
        ["BackchannelLogout__PollInterval"] = "00:00:00.200",
        // Passkey ceremonies run on the gateway's origin, not on the Development default http://localhost:5100.
        ["Mfa__Passkeys__Origins__0"] = Identity.GetLeftPart(UriPartial.Authority),
        ["Revocation__MaintenanceInterval"] = "00:00:00.100",
    };

    private Dictionary<string, string> CommerceSettings() => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__commerce"] = _commerceDatabase.ConnectionString,
        ["Identity__Authority"] = Issuer,
        ["Revocation__MaintenanceInterval"] = "00:00:00.100",
    };

    private Dictionary<string, string> PortalSettings() => new()
    {
        ["Oidc__Authority"] = Issuer,
    };

    // Tests pin a request to an instance with InstancePinning.Header.
    private static Dictionary<string, string> GatewaySettings() => new()
    {
        ["Gateway__Pinning__Enabled"] = "true",
        // Every test request comes from this machine.
        ["Gateway__RateLimit__PermitsPerSecond"] = "0",
    };

    private ServiceProcess Start(string name, string project, int? port, Dictionary<string, string> settings)
    {
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["DOTNET_ENVIRONMENT"] = "Development";
        settings["ConnectionStrings__redis"] = _redis!.ConnectionString;
        settings["Logging__LogLevel__Default"] = "Warning";
        if (port is { } instancePort)
        {
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{instancePort.ToString(CultureInfo.InvariantCulture)}";
        }
        else
        {
            settings["ASPNETCORE_URLS"] = string.Join(';', new[] { Identity, Commerce, Portal }.Select(a => $"http://localhost:{a.Port}"));
            foreach (var (route, address) in new[] { ("identity", Identity), ("commerce", Commerce), ("portal", Portal) })
            {
                settings[$"ReverseProxy__Routes__{route}__Match__Hosts__0"] = $"*:{address.Port}";
                var ports = _instancePorts[address.Port];
                for (var i = 0; i < ports.Length; i++)
                {
                    settings[$"ReverseProxy__Clusters__{route}__Destinations__{Instances[i]}__Address"] = $"http://127.0.0.1:{ports[i]}/";
                }
            }
        }

        var process = ServiceProcess.Start(name, "dotnet", [BuiltAssembly(project)], settings);
        _processes.Add(process);
        return process;
    }

    private static async Task WaitUntilHealthyAsync(ServiceProcess process, int port)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        await PollHealthAsync(client, process.Name, () => process.HasExited ? process : null);
    }

    private static async Task PollHealthAsync(HttpClient client, string what, Func<ServiceProcess?> exited)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (exited() is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited while the fleet started:\n{dead.Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{what} did not become healthy within 60 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The service's build output beside this test assembly's configuration (bin/&lt;configuration&gt;/net10.0).</summary>
    private static string BuiltAssembly(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Aict.Identity.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root (Aict.Identity.sln) is not above the test assembly."),
            "src", project, "bin", configuration, framework, project + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first.");
    }

    private static Uri Public(int port) => new($"http://localhost:{port}/");
}

[CollectionDefinition(Name)]
public sealed class TheFleet : ICollectionFixture<FleetFixture>
{
    public const string Name = "fleet";
}
