using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aict.IdentityServer.Platform.Data.Configurations;

/// <summary>Instants stored as UTC ticks so that ordering and comparisons translate on SQLite as well as PostgreSQL.</summary>
internal static class UtcTicks
{
    public static readonly ValueConverter<DateTimeOffset, long> Required =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    public static readonly ValueConverter<DateTimeOffset?, long?> Optional =
        new(v => v.HasValue ? v.Value.UtcTicks : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
}
