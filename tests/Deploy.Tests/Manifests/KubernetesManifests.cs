namespace Aict.Deploy.Tests.Manifests;

/// <summary>The Kubernetes manifests under <c>deploy/k8s</c>, every object of every file.</summary>
public sealed class KubernetesManifests
{
    private static readonly string[] ProbeKinds = ["readinessProbe", "livenessProbe", "startupProbe"];

    public static string Folder => Path.Combine(RepositoryFiles.Deploy, "k8s");

    public KubernetesManifests(string folder)
    {
        Objects = Directory.GetFiles(folder, "*.yaml").Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(file => YamlDocuments.Load(file).Select(document => (File: Path.GetFileName(file), Document: document)))
            .ToList();
    }

    public static KubernetesManifests Default { get; } = new(Folder);

    public IReadOnlyList<(string File, YamlMap Document)> Objects { get; }

    public IEnumerable<YamlMap> OfKind(string kind) => Objects.Select(o => o.Document).Where(document => document.Text("kind") == kind);

    public YamlMap Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(document => document.At("metadata")?.Text("name") == name)
        ?? throw new InvalidOperationException($"No {kind} named {name} in deploy/k8s.");

    /// <summary>Every Deployment's and Job's first container, with the environment its envFrom and env give it.</summary>
    public IEnumerable<Workload> Workloads() => OfKind("Deployment").Concat(OfKind("Job")).Select(Workload);

    private Workload Workload(YamlMap workload)
    {
        var name = workload.At("metadata")!.Text("name")!;
        var container = workload.At("spec.template.spec")!.Maps("containers").First();
        var environment = new Dictionary<string, string>();
        foreach (var source in container.Maps("envFrom"))
        {
            if (source.Map("configMapRef")?.Text("name") is { } configMap)
            {
                foreach (var (key, value) in Named("ConfigMap", configMap).Map("data")!.Strings())
                {
                    environment[key] = value;
                }
            }

            if (source.Map("secretRef")?.Text("name") is { } secret)
            {
                foreach (var (key, value) in Named("Secret", secret).Map("stringData")!.Strings())
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container.Maps("env"))
        {
            var secretKey = variable.At("valueFrom.secretKeyRef");
            environment[variable.Text("name")!] = secretKey is null
                ? variable.Text("value") ?? string.Empty
                : Named("Secret", secretKey.Text("name")!).Map("stringData")!.Text(secretKey.Text("key")!)
                  ?? throw new InvalidOperationException($"{name}: the Secret {secretKey.Text("name")} has no key {secretKey.Text("key")}.");
        }

        var ports = container.Maps("ports").ToDictionary(port => port.Text("name") ?? port.Text("containerPort")!, port => int.Parse(port.Text("containerPort")!));
        var probes = ProbeKinds
            .Select(kind => (Kind: kind, Get: container.At($"{kind}.httpGet")))
            .Where(probe => probe.Get is not null)
            .Select(probe => new Probe(probe.Kind, probe.Get!.Text("path")!,
                int.TryParse(probe.Get.Text("port"), out var number) ? number : ports[probe.Get.Text("port")!],
                probe.Get.Maps("httpHeaders").FirstOrDefault(header => header.Text("name") == "Host")?.Text("value")))
            .ToList();
        return new Workload($"k8s {workload.Text("kind")}", name, container.Text("image")!, environment, [.. ports.Values], probes,
            [.. container.List("args").Select(arg => arg?.ToString() ?? string.Empty)]);
    }
}
