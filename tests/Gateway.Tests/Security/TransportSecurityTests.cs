using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.Gateway.Tests.Security;

/// <summary>TLS at the edge and what Production refuses, on a gateway started as an operator would start it.</summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aict-gateway-tls-").FullName;
    private Backend _backend = null!;

    public async Task InitializeAsync() => _backend = await Backend.StartAsync("c1");

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task With_a_configured_certificate_the_gateway_terminates_tls_in_production()
    {
        var (path, password, thumbprint) = SelfSignedCertificate();
        await using var gateway = new GatewayHost(new Dictionary<string, string?>(ProductionSettings())
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = path,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = password,
        }, "Production").Start(configuredEndpoints: true);
        Assert.Equal("https", gateway.Address.Scheme);

        using var client = gateway.Client(GatewayHost.Commerce, new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });
        var echo = await client.GetEchoAsync();

        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(GatewayHost.Commerce, echo.Header("Host"));
    }

    [Fact]
    public async Task Outside_development_plain_http_is_refused_unless_tls_is_terminated_upstream()
    {
        var plain = new Dictionary<string, string?>(ProductionSettings()) { ["urls"] = "http://127.0.0.1:0" };

        var refusal = await GatewayHost.StartFailureAsync(plain, "Production");

        Assert.Contains("Gateway:Tls:TerminatedUpstream", refusal, StringComparison.Ordinal);
        plain["Gateway:Tls:TerminatedUpstream"] = "true";
        await using var behindBalancer = new GatewayHost(plain, "Production").Start(configuredEndpoints: true);
        using var client = behindBalancer.Client(GatewayHost.Commerce);
        Assert.Equal("c1", (await client.GetEchoAsync()).Instance);
    }

    [Fact]
    public async Task Pinning_is_refused_outside_development()
    {
        var refusal = await GatewayHost.StartFailureAsync(new Dictionary<string, string?>(ProductionSettings())
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Tls:TerminatedUpstream"] = "true",
            ["Gateway:Pinning:Enabled"] = "true",
        }, "Production");

        Assert.Contains("Gateway:Pinning:Enabled", refusal, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> ProductionSettings() => new(
        GatewayHost.Destinations("commerce", _backend).Concat(GatewayHost.Destinations("identity", _backend)).Concat(GatewayHost.Destinations("portal", _backend)))
    {
        ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
    };

    private (string Path, string Password, string Thumbprint) SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(_folder, "gateway.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return (path, password, certificate.Thumbprint);
    }
}
