namespace Aict.IdentityServer.Detection.Geo;

/// <summary>IP geolocation for the detection rules (the <c>Detection:Geo</c> section).</summary>
public sealed class GeoOptions
{
    public const string Section = "Detection:Geo";

    /// <summary>
    /// A GeoIP2 or GeoLite2 City database (<c>.mmdb</c>). Without one, Development uses the embedded table of documentation
    /// ranges and every other environment knows no places (the impossible-travel rule is then off, with a start-up warning).
    /// </summary>
    public string? DatabasePath { get; set; }
}
