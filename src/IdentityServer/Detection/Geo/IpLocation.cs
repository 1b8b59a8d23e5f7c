using System.Globalization;

namespace Aict.IdentityServer.Detection.Geo;

/// <summary>Where an address is, as far as a geolocation database knows: a city (when named), its country and coordinates.</summary>
public sealed record IpLocation(string? City, string? Country, double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>The great-circle distance (haversine), in kilometres.</summary>
    public double DistanceKmTo(IpLocation other)
    {
        var (lat1, lat2) = (Radians(Latitude), Radians(other.Latitude));
        var (dLat, dLon) = (lat2 - lat1, Radians(other.Longitude - Longitude));
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>"Seoul, KR", or the coordinates when the database names no place.</summary>
    public override string ToString() => (City, Country) switch
    {
        ({ } city, { } country) => $"{city}, {country}",
        (null, { } country) => country,
        ({ } city, null) => city,
        _ => string.Create(CultureInfo.InvariantCulture, $"{Latitude:F2}, {Longitude:F2}"),
    };

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}

/// <summary>Looks addresses up in a geolocation database; null for private, reserved and unknown addresses.</summary>
public interface IIpLocations
{
    IpLocation? Find(System.Net.IPAddress? address);
}
