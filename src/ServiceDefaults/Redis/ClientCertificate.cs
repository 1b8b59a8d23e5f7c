using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.ServiceDefaults.Redis;

/// <summary>The client certificate of <c>Redis:Tls:ClientCertificatePath</c>, for servers that require mutual TLS.</summary>
internal static class ClientCertificate
{
    public static X509Certificate2? Load(RedisTlsOptions tls)
    {
        var path = tls.ClientCertificatePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            var certificate = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".pfx" or ".p12" => X509CertificateLoader.LoadPkcs12FromFile(path, tls.ClientCertificatePassword),
                _ when tls.ClientCertificatePassword is { Length: > 0 } password => X509Certificate2.CreateFromEncryptedPemFile(path, password, tls.ClientKeyPath),
                _ => X509Certificate2.CreateFromPemFile(path, tls.ClientKeyPath),
            };
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{RedisOptions.Section}:Tls:ClientCertificatePath '{path}' has no private key.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // The message names the file, never the password.
            throw new InvalidOperationException(
                $"{RedisOptions.Section}:Tls:ClientCertificatePath '{path}' (with {RedisOptions.Section}:Tls:ClientKeyPath) could not be loaded: {exception.GetType().Name}.", exception);
        }
    }
}
