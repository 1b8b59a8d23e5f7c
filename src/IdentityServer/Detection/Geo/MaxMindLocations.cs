using System.Net;
using MaxMind.Db;
using MaxMind.GeoIP2;

namespace Aict.IdentityServer.Detection.Geo;

/// <summary>Production geolocation: a GeoIP2 or GeoLite2 City database (<c>.mmdb</c>) read through MaxMind's reader, held in memory.</summary>
public sealed class MaxMindLocations(string databasePath) : IIpLocations, IDisposable
{
    private readonly DatabaseReader _reader = new(databasePath, FileAccessMode.Memory);

    public IpLocation? Find(IPAddress? address)
    {
        if (address is null || !_reader.TryCity(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, out var city) || city is null)
        {
            return null;
        }

        return city.Location is { Latitude: { } latitude, Longitude: { } longitude }
            ? new IpLocation(city.City.Name, city.Country.IsoCode, latitude, longitude)
            : null;
    }

    /// <summary>Whether <paramref name="path"/> opens as a City database; start-up refuses one that does not.</summary>
    public static bool CanOpen(string path)
    {
        try
        {
            using var reader = new DatabaseReader(path, FileAccessMode.Memory);
            return reader.Metadata.DatabaseType.Contains("City", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception exception) when (exception is IOException or InvalidDatabaseException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>Outside Development without a database: no address has a place, so the impossible-travel rule stays silent.</summary>
public sealed class NoLocations : IIpLocations
{
    public IpLocation? Find(IPAddress? address) => null;
}
