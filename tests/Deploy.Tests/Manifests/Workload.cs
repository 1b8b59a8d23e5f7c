namespace Aict.Deploy.Tests.Manifests;

/// <summary>
/// One container the deployment runs (a Kubernetes Deployment or Job, or a compose service): its image, the environment
/// it gets from every source (ConfigMaps, Secrets, env files, literal values), its ports and its health probes.
/// </summary>
public sealed record Workload(
    string Source,
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<int> ContainerPorts,
    IReadOnlyList<Probe> Probes,
    IReadOnlyList<string> Arguments)
{
    private static readonly string[] PortKeys = ["ASPNETCORE_HTTP_PORTS", "Metrics__ManagementPort"];

    /// <summary>The image's repository without registry or tag, e.g. <c>aict/identity-server</c>.</summary>
    public string Repository => Image.Split(':')[0];

    public string Tag => Image.Contains(':') ? Image.Split(':')[1] : "latest";

    /// <summary>The plain-HTTP ports the service listens on by its environment: the users' port, if any, then the management port.</summary>
    public IReadOnlyList<int> ListeningPorts =>
        [.. PortKeys
            .Select(key => Environment.GetValueOrDefault(key))
            .Where(value => !string.IsNullOrEmpty(value))
            .Select(value => int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture))];

    public override string ToString() => $"{Source}: {Name}";
}

/// <summary>An HTTP health probe: the path, the container port it is sent to and the Host header it carries.</summary>
public sealed record Probe(string Kind, string Path, int Port, string? Host);
