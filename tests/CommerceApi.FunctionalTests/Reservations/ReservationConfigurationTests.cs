using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

/// <summary>A misconfigured strategy stops the API at start-up with a message that names the key.</summary>
[Collection(OnSqlite.Name)]
public sealed class ReservationConfigurationTests(SqliteServices services)
{
    [Theory]
    [InlineData("RedisLock", null, "ConnectionStrings:redis")]
    [InlineData("Sharded", null, "Reservations:Strategy")]
    [InlineData("Optimistic", "00:00:00", "Reservations:HoldDuration")]
    public async Task A_bad_reservations_setting_fails_the_start_naming_the_key(string strategy, string? holdDuration, string key)
    {
        await using var database = TestDatabase.Sqlite();
        var settings = new Dictionary<string, string?> { ["Reservations:Strategy"] = strategy };
        if (key == "ConnectionStrings:redis")
        {
            // The test factory passes the test Redis by default; this case is about its absence.
            settings[key] = "";
        }

        if (holdDuration is not null)
        {
            settings["Reservations:HoldDuration"] = holdDuration;
        }

        await using var api = new CommerceApiFactory(services.Identity, database, settings);

        var failure = Record.Exception(() => api.CreateClient());
        Assert.NotNull(failure);
        Assert.Contains(key, failure.ToString());
    }
}
