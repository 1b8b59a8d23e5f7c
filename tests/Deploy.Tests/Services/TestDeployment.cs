using System.Security.Cryptography;
using Aict.Deploy.Tests.Manifests;

namespace Aict.Deploy.Tests.Services;

/// <summary>
/// A manifest's environment made runnable on this machine: every placeholder secret replaced by a test value, the
/// databases and Redis of the test environment, the key-ring (and TLS) certificate a file of this run, free loopback ports.
/// Every other setting is the manifest's own, so the service meets the same start-up checks as in the cluster.
/// </summary>
public sealed class TestDeployment : IAsyncDisposable
{
    private readonly TestDatabase _identity = TestDatabase.Postgres();
    private readonly TestDatabase _commerce = TestDatabase.Postgres();
    private readonly KeyRingCertificate _certificate = KeyRingCertificates.Shared;

    public int HttpPort { get; } = ServiceProcess.FreePort();

    public int MetricsPort { get; } = ServiceProcess.FreePort();

    public int HttpsPort { get; } = ServiceProcess.FreePort();

    /// <summary>This run's port for <paramref name="port"/>, a port the workload's manifest names (its HTTP or management port).</summary>
    public int PortFor(Workload workload, int port) =>
        workload.Environment.TryGetValue("Metrics__ManagementPort", out var management) && management == port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? MetricsPort
            : HttpPort;

    public Dictionary<string, string> Environment(Workload workload)
    {
        var environment = new Dictionary<string, string>(workload.Environment);
        foreach (var (key, value) in workload.Environment)
        {
            environment[key] = key switch
            {
                "ASPNETCORE_HTTP_PORTS" when value.Length > 0 => HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Metrics__ManagementPort" => MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "ASPNETCORE_HTTPS_PORTS" when value.Length > 0 => HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "DataProtection__Certificate__Path" or "Kestrel__Certificates__Default__Path" => _certificate.Path,
                "SSL_CERT_FILE" => "/etc/ssl/certs/ca-certificates.crt",
                _ when !value.Contains("REPLACE-ME", StringComparison.Ordinal) => value,
                "ConnectionStrings__identity" => _identity.ConnectionString,
                "ConnectionStrings__commerce" => _commerce.ConnectionString,
                "ConnectionStrings__redis" => System.Environment.GetEnvironmentVariable("AICT_TEST_REDIS") ?? "127.0.0.1:6390",
                "DataProtection__Certificate__Password" or "Kestrel__Certificates__Default__Password" => _certificate.Password,
                "Sms__CodeHashKey" => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                _ => $"test-{Guid.NewGuid():N}",
            };
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await _identity.DisposeAsync();
        await _commerce.DisposeAsync();
    }
}
