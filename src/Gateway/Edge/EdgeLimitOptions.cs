using System.ComponentModel.DataAnnotations;

namespace Aict.Gateway.Edge;

/// <summary>What the gateway refuses before a request reaches a service (the <c>Gateway</c> section).</summary>
public sealed class EdgeLimitOptions
{
    public const string Section = "Gateway";

    /// <summary>The largest request body forwarded; a larger one gets 413. The services' own forms and APIs need far less.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Gateway:MaxRequestBodyBytes must be a positive number of bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>
/// <c>Gateway:RateLimit</c>: a token bucket per client address (an IPv4 address, an IPv6 /64). It stops a flood from one
/// address at the edge; the services keep their own, finer limits (sign-in, token endpoint) behind it.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Tokens added per second; 0 turns the limit off.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>The bucket's size: how many requests an address may send at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;

    public bool Enabled => PermitsPerSecond > 0;
}
