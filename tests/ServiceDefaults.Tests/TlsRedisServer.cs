using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.ServiceDefaults.Tests;

/// <summary>
/// A redis-server of the test's own that speaks TLS only, with certificates made for it by a test CA (PEM files in
/// a temporary folder) and one ACL user; the default user is off. Optionally it requires client certificates.
/// </summary>
internal sealed class TlsRedisServer : IDisposable
{
    public const string ServerName = "redis.test";
    public const string User = "aict-service";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("aict-redis-tls-");
    private readonly Process _process;

    public TlsRedisServer(bool requireClientCertificates = false)
    {
        using var ca = TestCertificates.Authority("Aict test Redis CA");
        using var other = TestCertificates.Authority("Someone else's CA");
        CaPath = Write("ca.pem", ca.ExportCertificatePem());
        OtherCaPath = Write("other-ca.pem", other.ExportCertificatePem());
        using var server = TestCertificates.Issue(ca, ServerName, serverAuthentication: true);
        var serverCert = Write("server.pem", server.ExportCertificatePem());
        var serverKey = Write("server.key", server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        using var client = TestCertificates.Issue(ca, "aict-client", serverAuthentication: false);
        ClientCertificatePath = Write("client.pem", client.ExportCertificatePem());
        ClientKeyPath = Write("client.key", client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var arguments = new List<string>
        {
            "--port", "0", "--tls-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--tls-cert-file", serverCert, "--tls-key-file", serverKey, "--tls-ca-cert-file", CaPath,
            "--tls-auth-clients", requireClientCertificates ? "yes" : "no",
            "--save", "", "--appendonly", "no", "--dir", _directory.FullName, "--logfile", Path.Combine(_directory.FullName, "redis.log"),
            "--user", "default", "off",
            "--user", User, "on", $">{Password}", "~*", "&*", "+@all",
        };
        var start = new ProcessStartInfo("redis-server");
        arguments.ForEach(start.ArgumentList.Add);
        _process = Process.Start(start)!;
        WaitUntilListening();
    }

    public int Port { get; } = FreePort();

    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string CaPath { get; }

    /// <summary>A CA that did not sign the server's certificate.</summary>
    public string OtherCaPath { get; }

    public string ClientCertificatePath { get; }

    public string ClientKeyPath { get; }

    public string ConnectionString(string? password = null) =>
        $"127.0.0.1:{Port},ssl=true,user={User},password={password ?? Password},connectTimeout=2000";

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private void WaitUntilListening()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on TLS port {Port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A small test PKI: a CA and the certificates it issues, on P-256.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
    }

    public static X509Certificate2 Issue(X509Certificate2 authority, string name, bool serverAuthentication)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuthentication ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuthentication)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
