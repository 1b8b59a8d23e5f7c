using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

/// <summary>200 customers race for 50 places under each strategy: exactly 50 get one, the rest a clean 409.</summary>
public abstract class ContentionTests(CommerceServices services)
{
    private const int Places = 50;
    private const int Attempts = 200;

    private static readonly DemoUser[] Customers = [DemoRealm.Alice, DemoRealm.Bob, DemoRealm.Carol];

    /// <summary>A fresh database of this collection's provider, and settings that keep its connections in bounds.</summary>
    protected abstract TestDatabase NewDatabase();

    protected virtual IReadOnlyDictionary<string, string?> DatabaseSettings(TestDatabase database) => new Dictionary<string, string?>();

    [Theory]
    [InlineData("Optimistic")]
    [InlineData("Pessimistic")]
    [InlineData("RedisLock")]
    public async Task Two_hundred_concurrent_holds_on_fifty_places_end_with_exactly_fifty_confirmed(string strategy)
    {
        await using var database = NewDatabase();
        var settings = new Dictionary<string, string?>(DatabaseSettings(database))
        {
            ["Reservations:Strategy"] = strategy,
            ["ConnectionStrings:redis"] = Environment.GetEnvironmentVariable("AICT_TEST_REDIS") ?? "127.0.0.1:6390",
        };
        await using var api = new CommerceApiFactory(services.Identity, database, settings);
        var slot = await api.CreateClient(await services.PartnerTokenAsync()).CreateSlotAsync(Places, "Limited pre-order");
        var customers = new List<HttpClient>();
        foreach (var customer in Customers)
        {
            customers.Add(api.CreateClient(await services.UserTokenAsync(customer)));
        }

        var attempts = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(async i =>
        {
            var customer = customers[i % customers.Count];
            using var response = await customer.HoldAsync(slot.Id);
            return (Customer: customer, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var held = attempts.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        var refused = attempts.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(Places, held.Count);
        Assert.Equal(Attempts - Places, refused.Count);
        Assert.All(refused, r => Assert.Contains("slot is full", r.Body));

        var confirmed = await Task.WhenAll(held.Select(async h =>
        {
            var hold = System.Text.Json.JsonSerializer.Deserialize<ReservationDto>(h.Body, System.Text.Json.JsonSerializerOptions.Web)!;
            using var response = await h.Customer.ConfirmAsync(hold.Id);
            return response.StatusCode;
        }));
        Assert.All(confirmed, status => Assert.Equal(HttpStatusCode.OK, status));

        var admin = api.CreateClient(await services.UserTokenAsync(DemoRealm.Admin));
        var reservations = await admin.GetFromJsonAsync<ReservationDto[]>($"/api/reservations?slotId={slot.Id}");
        Assert.Equal(Places, reservations!.Count(r => r.Status == "Confirmed"));
        Assert.Equal(Places, reservations!.Length);
        Assert.Equal(0, (await admin.SlotAsync(slot.Id)).Available);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ContentionOnSqlite(SqliteServices services) : ContentionTests(services)
{
    protected override TestDatabase NewDatabase() => TestDatabase.Sqlite();
}

[Collection(OnPostgres.Name)]
public sealed class ContentionOnPostgres(PostgresServices services) : ContentionTests(services)
{
    protected override TestDatabase NewDatabase() => TestDatabase.Postgres();

    // PostgreSQL allows 100 connections for every test running at once; 20 are plenty for one API under contention.
    protected override IReadOnlyDictionary<string, string?> DatabaseSettings(TestDatabase database) =>
        new Dictionary<string, string?> { ["ConnectionStrings:commerce"] = $"{database.ConnectionString};Maximum Pool Size=20" };
}
