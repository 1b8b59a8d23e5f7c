using System.Net;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Redis;

/// <summary>
/// The one way every service turns <c>ConnectionStrings:redis</c> and the <c>Redis</c> section into a connection:
/// TLS with a configured trust anchor, server name and client certificate, ACL user and password from the string,
/// and no clear text across the network outside Development unless <c>Redis:AllowPlaintext</c> says so.
/// </summary>
public static class RedisConnection
{
    /// <summary>The connection's configuration; throws, naming the setting, when it is unsafe or unreadable.</summary>
    public static ConfigurationOptions Configure(string connectionString, RedisOptions settings, bool development)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // An unreachable Redis is retried in the background instead of failing start-up.
        options.AbortOnConnectFail = false;
        var tls = settings.Tls;
        if (tls.IsConfigured)
        {
            options.Ssl = true;
        }

        if (!string.IsNullOrWhiteSpace(tls.ServerName))
        {
            options.SslHost = tls.ServerName;
        }

        if (options.Ssl)
        {
            var validation = new ServerCertificateValidation(TrustAnchors.Load(tls.CaCertificatePath));
            options.CertificateValidation += validation.Validate;
            if (ClientCertificate.Load(tls) is { } clientCertificate)
            {
                options.CertificateSelection += (_, _, _, _, _) => clientCertificate;
            }
        }
        else if (!development && !settings.AllowPlaintext && options.EndPoints.FirstOrDefault(endpoint => !IsLoopback(endpoint)) is { } remote)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:redis connects to {Format(remote)} in clear text: add ssl=true to the connection string "
                + $"(with {RedisOptions.Section}:Tls:CaCertificatePath for a private CA), or set {RedisOptions.Section}:AllowPlaintext to true "
                + "if the network is protected otherwise. Only Development, or a server on this machine, may go without TLS.");
        }

        return options;
    }

    private static bool IsLoopback(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        DnsEndPoint dns => string.Equals(dns.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(dns.Host, out var address) && IPAddress.IsLoopback(address)),
        _ => false,
    };

    private static string Format(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => dns.Host,
        IPEndPoint ip => ip.Address.ToString(),
        _ => endpoint.ToString() ?? "another host",
    };
}
