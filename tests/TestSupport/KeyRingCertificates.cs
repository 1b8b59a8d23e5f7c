using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.TestSupport;

/// <summary>
/// Certificates that encrypt a Data Protection key ring, made in-process and written as PKCS#12 files to a folder
/// of this test run that is removed when the process exits.
/// </summary>
public static class KeyRingCertificates
{
    private static readonly string Folder = CreateFolder();

    /// <summary>The certificate every server outside Development gets unless its settings name another.</summary>
    public static KeyRingCertificate Shared => field ??= Create();

    /// <summary>A new RSA certificate with its private key, as <c>DataProtection:Certificate</c> settings.</summary>
    public static KeyRingCertificate Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=aict-test-key-ring-{Guid.NewGuid():N}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return Write(certificate, certificate.Thumbprint);
    }

    /// <summary>The same certificate as a PKCS#12 file that holds no private key.</summary>
    public static KeyRingCertificate WithoutPrivateKey(KeyRingCertificate certificate)
    {
        using var full = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password);
        using var publicOnly = X509CertificateLoader.LoadCertificate(full.RawData);
        return Write(publicOnly, full.Thumbprint);
    }

    /// <summary>Puts the certificate with its private key in the CurrentUser/My store until disposed.</summary>
    public static IDisposable InCurrentUserStore(KeyRingCertificate certificate)
    {
        var loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password, X509KeyStorageFlags.Exportable);
        using (var store = new X509Store(StoreName.My, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Add(loaded);
        }

        return new StoreEntry(loaded);
    }

    private sealed class StoreEntry(X509Certificate2 certificate) : IDisposable
    {
        public void Dispose()
        {
            using (var store = new X509Store(StoreName.My, StoreLocation.CurrentUser))
            {
                store.Open(OpenFlags.ReadWrite);
                store.Remove(certificate);
            }

            certificate.Dispose();
        }
    }

    private static KeyRingCertificate Write(X509Certificate2 certificate, string thumbprint)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return new KeyRingCertificate(path, password, thumbprint);
    }

    private static string CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("aict-key-ring-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}

/// <summary>A key-ring certificate's PKCS#12 file and password.</summary>
public sealed record KeyRingCertificate(string Path, string Password, string Thumbprint)
{
    /// <summary>As the current certificate (<paramref name="key"/> <c>DataProtection:Certificate</c>) or a previous one.</summary>
    public Dictionary<string, string?> Settings(string key = "DataProtection:Certificate") => new()
    {
        [$"{key}:Path"] = Path,
        [$"{key}:Password"] = Password,
    };
}
