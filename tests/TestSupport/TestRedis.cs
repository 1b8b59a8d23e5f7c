namespace Aict.TestSupport;

/// <summary>The Redis the tests share (scripts/test.sh starts it) and per-server key prefixes that keep parallel servers apart.</summary>
public static class TestRedis
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AICT_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6390";

    public static string NewPrefix() => $"test:{Guid.NewGuid():N}:";

    /// <summary>Revocation settings for a test server: short maintenance period so recovery shows quickly.</summary>
    public static Dictionary<string, string?> Settings(string prefix, string? connectionString = null) => new()
    {
        ["ConnectionStrings:redis"] = connectionString ?? ConnectionString,
        ["Revocation:KeyPrefix"] = prefix,
        ["Revocation:MaintenanceInterval"] = "00:00:00.100",
        // The realm's cache invalidations travel with its revocation list: servers that share one share the other.
        ["CacheInvalidation:Channel"] = prefix + "cache-invalidation",
    };
}
