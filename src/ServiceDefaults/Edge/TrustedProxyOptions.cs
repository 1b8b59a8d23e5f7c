using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Aict.ServiceDefaults.Edge;

/// <summary>
/// <c>ForwardedHeaders</c>: the proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed,
/// or <c>Mode=None</c> when clients connect directly. Headers from any other peer are ignored.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public const string None = "None";

    public const string Proxies = "Proxies";

    /// <summary><c>Proxies</c> (the default): believe the listed proxies; <c>None</c>: no proxy, ignore forwarded headers.</summary>
    [RegularExpression("^(Proxies|None)$", ErrorMessage = "ForwardedHeaders:Mode must be 'Proxies' or 'None'.")]
    public string Mode { get; set; } = Proxies;

    /// <summary>IP addresses of the proxies (load balancer, gateway) that connect to this service.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation (<c>10.0.0.0/8</c>) whose addresses are trusted proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are unwound from <c>X-Forwarded-For</c>, right to left, each of them trusted.</summary>
    [Range(1, 10, ErrorMessage = "ForwardedHeaders:ForwardLimit must be between 1 and 10.")]
    public int ForwardLimit { get; set; } = 1;

    public bool IgnoresHeaders => Mode == None;

    public bool ListsProxies => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<string> UnreadableProxies => KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _));

    public IEnumerable<string> UnreadableNetworks => KnownNetworks.Where(network => !IPNetwork.TryParse(network, out _));
}
