using System.Text.RegularExpressions;

namespace Aict.Deploy.Tests.Manifests;

/// <summary>
/// <c>deploy/compose/docker-compose.yml</c>: its services of the project's own images, with the environment they get
/// (the env files read from <c>secrets.example</c>, which the operator copies to <c>secrets</c>).
/// </summary>
public sealed partial class ComposeFile
{
    public static string Folder => Path.Combine(RepositoryFiles.Deploy, "compose");

    public static ComposeFile Default { get; } = new(Path.Combine(Folder, "docker-compose.yml"));

    public ComposeFile(string path)
    {
        Document = YamlDocuments.Load(path).Single();
    }

    public YamlMap Document { get; }

    public YamlMap Service(string name) => Document.At($"services.{name}") ?? throw new InvalidOperationException($"No compose service {name}.");

    public IEnumerable<Workload> Workloads() => Document.Map("services")!.Keys
        .Select(name => (Name: name, Service: Service(name)))
        .Where(service => service.Service.Text("image")?.StartsWith("aict/", StringComparison.Ordinal) == true)
        .Select(service => Workload(service.Name, service.Service));

    private static Workload Workload(string name, YamlMap service)
    {
        var environment = new Dictionary<string, string>();
        foreach (var file in service.List("env_file").Select(file => file!.ToString()!))
        {
            var example = Path.Combine(Folder, file.Replace("secrets/", "secrets.example/", StringComparison.Ordinal));
            foreach (var line in File.ReadAllLines(example).Where(line => line.Length > 0 && !line.StartsWith('#')))
            {
                var separator = line.IndexOf('=', StringComparison.Ordinal);
                environment[line[..separator]] = line[(separator + 1)..];
            }
        }

        foreach (var (key, value) in service.Map("environment")?.Strings() ?? [])
        {
            environment[key] = value;
        }

        var probes = new List<Probe>();
        if (service.Map("healthcheck")?.List("test") is { Count: > 0 } test && HealthRequest().Match(string.Join(' ', test)) is { Success: true } request)
        {
            probes.Add(new Probe("healthcheck", request.Groups["path"].Value, int.Parse(request.Groups["port"].Value), request.Groups["host"].Value));
        }

        // The port other containers and the healthcheck reach: the users' HTTP port, or the management port of a TLS-only gateway.
        var ports = (environment.TryGetValue("ASPNETCORE_HTTP_PORTS", out var http) && http.Length > 0 ? http
            : environment.GetValueOrDefault("Metrics__ManagementPort")) is { Length: > 0 } port ? new List<int> { int.Parse(port) } : [];
        return new Workload("compose service", name, service.Text("image")!, environment, ports, probes,
            [.. service.List("command").Select(arg => arg?.ToString() ?? string.Empty)]);
    }

    [GeneratedRegex(@"/dev/tcp/[^/]+/(?<port>\d+).*GET (?<path>\S+) HTTP/1\.1\\r\\nHost: (?<host>[^\\]+)\\r")]
    private static partial Regex HealthRequest();
}
