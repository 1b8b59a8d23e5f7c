using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.ServiceDefaults.KeyRing;

/// <summary>Loads the key ring's certificates, refusing by name any that could not encrypt or decrypt it.</summary>
internal static class KeyRingCertificates
{
    public static X509Certificate2 Load(CertificateSource source, string key)
    {
        if (!source.IsSet)
        {
            throw new InvalidOperationException($"{key}: set Path (a PKCS#12 file) or Thumbprint (a certificate in the store).");
        }

        if (!string.IsNullOrWhiteSpace(source.Path) && !string.IsNullOrWhiteSpace(source.Thumbprint))
        {
            throw new InvalidOperationException($"{key}: set either Path or Thumbprint, not both.");
        }

        var certificate = string.IsNullOrWhiteSpace(source.Path)
            ? FromStore(source.Thumbprint!, source.StoreLocation, $"{key}:Thumbprint")
            : FromFile(source.Path, source.Password, $"{key}:Path");
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{key}: the certificate {certificate.Thumbprint} holds no private key; without it the key ring could not be read back.");
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            throw new InvalidOperationException($"{key}: the certificate {certificate.Thumbprint} is not an RSA certificate; XML encryption of the key ring needs RSA.");
        }

        return certificate;
    }

    private static X509Certificate2 FromFile(string path, string? password, string key)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception failure) when (failure is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The message says what went wrong (missing file, wrong password) and never holds the password.
            throw new InvalidOperationException($"{key} '{path}' could not be read as a PKCS#12 file with its password: {failure.Message}", failure);
        }
    }

    private static X509Certificate2 FromStore(string thumbprint, StoreLocation location, string key)
    {
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException)
        {
            // No such store on this machine yet: the certificate is not in it either.
        }

        var found = store.IsOpen
            ? store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", "", StringComparison.Ordinal), validOnly: false)
            : [];
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"{key} '{thumbprint}' is not in the {location}/My certificate store.");
    }
}
