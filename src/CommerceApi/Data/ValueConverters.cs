using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aict.CommerceApi.Data;

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

/// <summary>Money and rates with four decimal places, exactly.</summary>
internal sealed class FixedPointConverter() : ValueConverter<decimal, long>(
    value => (long)decimal.Round(value * 10_000m, MidpointRounding.ToEven),
    stored => stored / 10_000m);
