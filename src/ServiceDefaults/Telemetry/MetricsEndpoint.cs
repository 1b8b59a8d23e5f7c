using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Net.Http.Headers;

namespace Aict.ServiceDefaults.Telemetry;

/// <summary>
/// Who may read the scrape endpoint: a request on another port than the management port finds nothing there (404), one
/// without the scrape token is unauthorized (401). The token is compared as a hash, in constant time.
/// </summary>
internal sealed class MetricsEndpoint(MetricsOptions options)
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _tokenHash = string.IsNullOrEmpty(options.ScrapeToken) ? null : Hash(options.ScrapeToken);

    public void Gate(IApplicationBuilder branch) => branch.Use(async (context, next) =>
    {
        if (options.ManagementPort is { } port && context.Connection.LocalPort != port)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (_tokenHash is not null && !Presents(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        await next(context);
    });

    private bool Presents(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Hash(header[BearerPrefix.Length..].Trim()), _tokenHash);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The ports the service answers its users on, from <c>urls</c>, <c>http_ports</c>/<c>https_ports</c> and Kestrel's endpoints.</summary>
    public static IEnumerable<int> PublicPorts(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"] ?? string.Empty));
        foreach (var url in urls)
        {
            // Kestrel accepts '*' and '+' for "any address", which Uri does not.
            if (Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri))
            {
                yield return uri.Port;
            }
        }

        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in (configuration[key] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    yield return number;
                }
            }
        }
    }
}
