using System.Net;
using System.Text.Json;

namespace Aict.IdentityServer.Detection.Geo;

/// <summary>
/// Development's and the tests' geolocation: the documentation ranges of RFC 5737 placed in three cities
/// (<c>development-locations.json</c>, embedded), so that travel between them can be tried without a licensed database.
/// </summary>
public sealed class DevelopmentLocations : IIpLocations
{
    private const string Resource = "Aict.IdentityServer.Detection.Geo.development-locations.json";

    private readonly IReadOnlyList<(IPNetwork Network, IpLocation Location)> _table = Load();

    public IpLocation? Find(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _table.FirstOrDefault(row => row.Network.Contains(address)).Location;
    }

    private static List<(IPNetwork, IpLocation)> Load()
    {
        using var stream = typeof(DevelopmentLocations).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        var rows = JsonSerializer.Deserialize<List<Row>>(stream, JsonSerializerOptions.Web) ?? [];
        return [.. rows.Select(row => (IPNetwork.Parse(row.Network), new IpLocation(row.City, row.Country, row.Latitude, row.Longitude)))];
    }

    private sealed record Row(string Network, string? City, string? Country, double Latitude, double Longitude);
}
