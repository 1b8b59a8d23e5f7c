using System.Security.Cryptography.X509Certificates;

namespace Aict.ServiceDefaults.KeyRing;

/// <summary>Where one certificate comes from: a PKCS#12 file, or the thumbprint of one in the machine's store.</summary>
public class CertificateSource
{
    /// <summary>A PKCS#12 (.pfx) file holding the certificate and its RSA private key.</summary>
    public string? Path { get; set; }

    /// <summary>The password of <see cref="Path"/>; a secret.</summary>
    public string? Password { get; set; }

    /// <summary>The thumbprint of a certificate with its private key in the <c>My</c> store of <see cref="StoreLocation"/>.</summary>
    public string? Thumbprint { get; set; }

    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    internal bool IsSet => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(Thumbprint);
}

/// <summary>
/// <c>DataProtection:Certificate</c>: the certificate that encrypts the Data Protection key ring at rest, and
/// <c>Previous</c> certificates that still decrypt keys written before a roll.
/// </summary>
public sealed class KeyRingCertificateOptions : CertificateSource
{
    public const string Section = "DataProtection:Certificate";

    public List<CertificateSource> Previous { get; set; } = [];
}
