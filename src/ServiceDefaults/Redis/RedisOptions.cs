namespace Aict.ServiceDefaults.Redis;

/// <summary>
/// The <c>Redis</c> section: what the connection string (<c>ConnectionStrings:redis</c>, StackExchange.Redis syntax
/// with <c>ssl=true,user=…,password=…</c>) cannot say about TLS, and whether clear text is allowed.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>
    /// Outside Development a connection in clear text to a host other than this machine stops start-up unless this is
    /// true (a network the operator vouches for, such as a sidecar or an encrypted overlay).
    /// </summary>
    public bool AllowPlaintext { get; set; }

    public RedisTlsOptions Tls { get; set; } = new();
}

/// <summary>The <c>Redis:Tls</c> section; setting any of it turns TLS on.</summary>
public sealed class RedisTlsOptions
{
    /// <summary>PEM file of the certificate authority (or authorities) the server's certificate must chain to, instead of the system's.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The name the server's certificate must carry (and the SNI sent), when it is not the host in the connection string.</summary>
    public string? ServerName { get; set; }

    /// <summary>For mutual TLS: the client certificate, a PEM file (with <see cref="ClientKeyPath"/>) or a PKCS#12 file.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM client certificate; unset when the key is in the same file.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>The password of a PKCS#12 client certificate or of an encrypted PEM key; a secret.</summary>
    public string? ClientCertificatePassword { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(CaCertificatePath) || !string.IsNullOrWhiteSpace(ServerName) || !string.IsNullOrWhiteSpace(ClientCertificatePath);
}
