using System.Reflection;
using Aict.Deploy.Tests.Manifests;
using Aict.Deploy.Tests.Services;
using Microsoft.Extensions.Hosting;

namespace Aict.Deploy.Tests;

/// <summary>The Kubernetes manifests and the compose file against what the services really are: images, ports, probes, keys.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Files() =>
    [
        .. Directory.GetFiles(KubernetesManifests.Folder, "*.yaml").Select(file => Path.GetFileName(file)),
        Path.Combine("..", "compose", "docker-compose.yml"),
    ];

    private static IEnumerable<Workload> Workloads =>
        KubernetesManifests.Default.Workloads().Concat(ComposeFile.Default.Workloads());

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_manifest_and_the_compose_file_parse(string file)
    {
        var documents = YamlDocuments.Load(Path.Combine(KubernetesManifests.Folder, file));

        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.True(document.Text("kind") is not null || document.Map("services") is not null || document.Text("apiVersion") is not null));
    }

    [Fact]
    public void Kustomization_lists_every_manifest_and_every_image()
    {
        var kustomization = YamlDocuments.Load(Path.Combine(KubernetesManifests.Folder, "kustomization.yaml")).Single();
        var manifests = Directory.GetFiles(KubernetesManifests.Folder, "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml");

        Assert.Equal(manifests.Order(), kustomization.List("resources").Select(resource => resource!.ToString()).Order());
        Assert.Equal(FleetService.All.Select(service => service.Repository).Order(), kustomization.Maps("images").Select(image => image.Text("name")).Order());
    }

    [Fact]
    public async Task Every_image_is_the_container_repository_and_tag_of_a_service_project()
    {
        var properties = await ContainerProperties.ReadAllAsync();

        Assert.All(Workloads, workload =>
        {
            var service = FleetService.ForImage(workload.Repository);
            Assert.Equal(properties[service].Repository, workload.Repository);
            Assert.Equal(properties[service].Tag, workload.Tag);
        });
        Assert.Equal(FleetService.All.Select(service => service.Project).Order(),
            Workloads.Select(workload => FleetService.ForImage(workload.Repository).Project).Distinct().Order());
    }

    [Fact]
    public async Task Every_container_port_is_one_the_service_listens_on_and_the_image_exposes()
    {
        var properties = await ContainerProperties.ReadAllAsync();

        Assert.All(Workloads.Where(workload => workload.Arguments.Count == 0), workload =>
        {
            var listening = workload.ListeningPorts;
            Assert.All(workload.ContainerPorts, port => Assert.Contains(port, listening));
            Assert.Contains(listening[0], workload.ContainerPorts);
            Assert.Subset(properties[FleetService.ForImage(workload.Repository)].Ports.ToHashSet(), listening.ToHashSet());
        });
    }

    [Fact]
    public void Every_service_port_targets_a_container_port_of_its_deployment()
    {
        foreach (var service in KubernetesManifests.Default.OfKind("Service"))
        {
            var name = service.At("metadata")!.Text("name")!;
            var deployment = KubernetesManifests.Default.Workloads().Single(workload => workload.Name == name);
            var container = KubernetesManifests.Default.Named("Deployment", name).At("spec.template.spec")!.Maps("containers").First();
            var portNames = container.Maps("ports").Select(port => port.Text("name"));
            Assert.All(service.At("spec")!.Maps("ports"), port => Assert.Contains(port.Text("targetPort"), portNames));
            Assert.Equal(name, service.At("spec.selector")!.Text("app.kubernetes.io/name"));
            Assert.NotEmpty(deployment.ContainerPorts);
        }
    }

    [Fact]
    public void Every_probe_is_a_health_endpoint_of_the_service_on_its_http_port()
    {
        var defaults = typeof(ServiceDefaultsExtensions);
        string Constant(string name) => (string)defaults.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
        var readiness = Constant("HealthPath");
        var liveness = Constant("AlivePath");

        Assert.All(Workloads.Where(workload => workload.Arguments.Count == 0), workload =>
        {
            Assert.NotEmpty(workload.Probes);
            Assert.All(workload.Probes, probe =>
            {
                Assert.Equal(probe.Kind == "livenessProbe" ? liveness : readiness, probe.Path);
                Assert.Contains(probe.Port, workload.ListeningPorts);
                // Outside Development the services answer only their AllowedHosts, so a probe must name one.
                if (workload.Environment.TryGetValue("AllowedHosts", out var hosts))
                {
                    Assert.Contains(probe.Host, hosts.Split(';'));
                }
            });
        });
        Assert.All(KubernetesManifests.Default.Workloads().Where(workload => workload.Source == "k8s Deployment"), workload =>
            Assert.Equal(["livenessProbe", "readinessProbe"], workload.Probes.Select(probe => probe.Kind).Order()));
    }

    [Fact]
    public void Every_configuration_key_in_the_manifests_is_one_the_service_reads()
    {
        Assert.All(Workloads, workload =>
        {
            var keys = ConfigurationKeys.For(FleetService.ForImage(workload.Repository));
            Assert.Empty(keys.Unknown(workload.Environment.Keys));
        });
    }

    [Fact]
    public void Services_migrate_only_through_the_migration_step()
    {
        var migrations = Workloads.Where(workload => workload.Arguments.SequenceEqual(["migrate"])).ToList();

        Assert.Equal(["commerce-migrate", "commerce-migrate", "identity-migrate", "identity-migrate"],
            migrations.Select(workload => workload.Name).Order(StringComparer.Ordinal));
        Assert.All(Workloads.Where(workload => workload.Environment.ContainsKey("Database__Provider")), workload =>
            Assert.Equal("false", workload.Environment["Database__MigrateOnStart"]));
    }

    [Fact]
    public void Secrets_hold_only_placeholders()
    {
        Assert.All(KubernetesManifests.Default.OfKind("Secret"), secret =>
            Assert.All(secret.Map("stringData")!.Strings(), entry => Assert.Contains("REPLACE-ME", entry.Value, StringComparison.Ordinal)));
        Assert.All(Directory.GetFiles(Path.Combine(ComposeFile.Folder, "secrets.example"), "*.env"), file =>
            Assert.All(File.ReadAllLines(file).Where(line => line.Length > 0 && !line.StartsWith('#')), line =>
                Assert.True(line.Contains("REPLACE-ME", StringComparison.Ordinal) || line.EndsWith("=true", StringComparison.Ordinal), line)));
    }

    [Fact]
    public void Every_deployment_has_two_replicas_resources_a_disruption_budget_and_an_autoscaler()
    {
        var manifests = KubernetesManifests.Default;
        Assert.All(manifests.OfKind("Deployment"), deployment =>
        {
            var name = deployment.At("metadata")!.Text("name")!;
            Assert.Equal("2", deployment.At("spec")!.Text("replicas"));
            var resources = deployment.At("spec.template.spec")!.Maps("containers").First().Map("resources")!;
            Assert.NotNull(resources.Map("requests")?.Text("memory"));
            Assert.NotNull(resources.Map("limits")?.Text("memory"));
            // The root file system is read-only: .NET needs a writable /tmp and home.
            Assert.Equal("true", deployment.At("spec.template.spec")!.Maps("containers").First().At("securityContext")!.Text("readOnlyRootFilesystem"));
            Assert.Equal(["/home/app", "/tmp"], deployment.At("spec.template.spec")!.Maps("containers").First().Maps("volumeMounts")
                .Select(mount => mount.Text("mountPath")).Where(path => path is "/tmp" or "/home/app").Order());
            Assert.Equal(name, manifests.Named("PodDisruptionBudget", name).At("spec.selector.matchLabels")!.Text("app.kubernetes.io/name"));
            var autoscaler = manifests.Named("HorizontalPodAutoscaler", name).At("spec")!;
            Assert.Equal(name, autoscaler.Map("scaleTargetRef")!.Text("name"));
            Assert.Equal("2", autoscaler.Text("minReplicas"));
        });
    }
}
