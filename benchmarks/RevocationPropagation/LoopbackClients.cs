namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>The load generator's HTTP clients.</summary>
internal static class LoopbackClients
{
    /// <summary>A plain HTTP/1.1 client with up to <paramref name="connections"/> kept-alive connections, no cookies, no redirects.</summary>
    public static HttpClient Create(Uri baseAddress, int connections = 4) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
