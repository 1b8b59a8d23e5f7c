using System.ComponentModel.DataAnnotations;

namespace Aict.ServiceDefaults.Caching;

/// <summary>The <c>CacheInvalidation</c> section: the Redis channel every instance of the realm listens on for forgotten cache entries.</summary>
public sealed class CacheInvalidationOptions
{
    public const string Section = "CacheInvalidation";

    /// <summary>Every service of one realm (IdentityServer and its resource servers) must name the same channel.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "CacheInvalidation:Channel must name a Redis channel.")]
    public string Channel { get; set; } = "aict:cache-invalidation";
}
