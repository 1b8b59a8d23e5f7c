using Aict.Deploy.Tests.Manifests;
using Aict.Deploy.Tests.Services;

namespace Aict.Deploy.Tests;

/// <summary>
/// Each Deployment's container, run from the service's build output with the manifest's environment (the
/// placeholders replaced by test values, PostgreSQL and Redis of the test environment): its migration Job succeeds
/// and the service starts and answers its probes, so every start-up requirement outside Development is met.
/// </summary>
public sealed class ProductionStartTests
{
    private static readonly KubernetesManifests Manifests = KubernetesManifests.Default;

    [Theory]
    [InlineData("identity-server")]
    [InlineData("commerce-api")]
    [InlineData("sso-portal")]
    [InlineData("gateway")]
    public async Task A_pod_starts_with_the_manifest_settings_and_answers_its_probes(string deployment)
    {
        var workload = Manifests.Workloads().Single(candidate => candidate.Source == "k8s Deployment" && candidate.Name == deployment);
        await using var test = new TestDeployment();

        foreach (var job in Manifests.Workloads().Where(candidate => candidate.Source == "k8s Job" && candidate.Repository == workload.Repository))
        {
            var (exitCode, output) = await ServiceProcess.RunAsync(FleetService.ForImage(job.Repository), test.Environment(job), [.. job.Arguments]);
            Assert.True(exitCode == 0, $"{job.Name} exited with {exitCode}:\n{output}");
            Assert.Contains("database is up to date.", output, StringComparison.Ordinal);
        }

        await StartsAndAnswersItsProbesAsync(workload, test);
    }

    /// <summary>The compose services whose settings differ most from the cluster's: the TLS gateway and the portal.</summary>
    [Theory]
    [InlineData("gateway")]
    [InlineData("portal-1")]
    public async Task A_compose_service_starts_with_its_settings_and_answers_its_healthcheck(string name)
    {
        var workload = ComposeFile.Default.Workloads().Single(candidate => candidate.Name == name);
        await using var test = new TestDeployment();

        await StartsAndAnswersItsProbesAsync(workload, test);
    }

    private static async Task StartsAndAnswersItsProbesAsync(Workload workload, TestDeployment test)
    {
        var deployment = workload.Name;
        Assert.NotEqual("Development", workload.Environment["ASPNETCORE_ENVIRONMENT"]);
        await using var process = ServiceProcess.Start(FleetService.ForImage(workload.Repository), test.Environment(workload));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var probe in workload.Probes)
        {
            Assert.Contains(probe.Port, workload.ListeningPorts);
            var status = await Eventually.MatchAsync(async () =>
            {
                Assert.False(process.HasExited, $"{deployment} exited with {(process.HasExited ? process.ExitCode : 0)}:\n{process.Output}");
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{test.PortFor(workload, probe.Port)}{probe.Path}");
                request.Headers.Host = probe.Host ?? "localhost";
                try
                {
                    using var response = await http.SendAsync(request);
                    return (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return 0;
                }
            }, status => status == 200, $"{deployment} answers {probe.Path} with 200", seconds: 45);
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task A_manifest_without_a_production_requirement_is_refused_at_start_up()
    {
        var workload = Manifests.Workloads().Single(candidate => candidate.Source == "k8s Deployment" && candidate.Name == "identity-server");
        await using var test = new TestDeployment();
        var environment = test.Environment(workload);
        environment.Remove("DataProtection__Certificate__Path");

        var (exitCode, output) = await ServiceProcess.RunAsync(FleetService.IdentityServer, environment);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("DataProtection:Certificate:Path (or DataProtection:Certificate:Thumbprint) is required outside Development", output, StringComparison.Ordinal);
    }
}
