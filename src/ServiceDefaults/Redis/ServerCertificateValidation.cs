using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aict.ServiceDefaults.Redis;

/// <summary>
/// Checks the Redis server's certificate: it must carry the expected name, be valid for server authentication and
/// chain to the configured trust anchors only (not the system's) — or, with none configured, pass the system's checks.
/// </summary>
internal sealed class ServerCertificateValidation(X509Certificate2Collection? trustAnchors)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (trustAnchors is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustAnchors);
        custom.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        // A private CA for Redis seldom publishes revocation lists; its certificates are short-lived instead.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the server sent along, for building the path; they are not trusted by being here.
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}

/// <summary>The certificate authorities in <c>Redis:Tls:CaCertificatePath</c>.</summary>
internal static class TrustAnchors
{
    public static X509Certificate2Collection? Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var anchors = new X509Certificate2Collection();
        try
        {
            anchors.ImportFromPemFile(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{RedisOptions.Section}:Tls:CaCertificatePath '{path}' could not be read as PEM certificates: {exception.Message}", exception);
        }

        return anchors.Count > 0
            ? anchors
            : throw new InvalidOperationException($"{RedisOptions.Section}:Tls:CaCertificatePath '{path}' holds no PEM certificate.");
    }
}
