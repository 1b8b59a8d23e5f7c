extern alias commerce;

using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Orders;

public abstract class OrderIdempotencyTests(CommerceServices services)
{
    [Fact]
    public async Task The_same_key_twice_returns_the_first_order_and_creates_no_second_one()
    {
        var product = await SeedProductAsync(services.Api.Services, 3_000m, 10);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var key = Guid.NewGuid().ToString();

        using var first = await PlaceAsync(alice, key, (product, 2));
        using var second = await PlaceAsync(alice, key, (product, 2));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var original = (await first.Content.ReadFromJsonAsync<OrderDto>())!;
        Assert.Equal(original.Id, (await second.Content.ReadFromJsonAsync<OrderDto>())!.Id);
        Assert.Equal($"/api/orders/{original.Id}", first.Headers.Location?.OriginalString);
        Assert.Equal(1, await CountOrdersAsync(key));
        await WaitForStatusAsync(alice, original.Id, "Completed");
        Assert.Equal(8, (await StockAsync(services.Api.Services, product)).Single().OnHand);
    }

    [Fact]
    public async Task Concurrent_duplicates_create_one_order_and_all_get_it()
    {
        var product = await SeedProductAsync(services.Api.Services, 3_000m, 10);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PlaceAsync(alice, key, (product, 1))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<OrderDto>())!.Id));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountOrdersAsync(key));
        await WaitForStatusAsync(alice, ids[0], "Completed");
        Assert.Equal(9, (await StockAsync(services.Api.Services, product)).Single().OnHand);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422()
    {
        var product = await SeedProductAsync(services.Api.Services, 3_000m, 10);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var key = Guid.NewGuid().ToString();

        using var first = await PlaceAsync(alice, key, (product, 1));
        using var different = await PlaceAsync(alice, key, (product, 5));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountOrdersAsync(key));
    }

    [Fact]
    public async Task A_key_is_scoped_to_the_customer_who_sent_it()
    {
        var product = await SeedProductAsync(services.Api.Services, 3_000m, 10);
        var key = Guid.NewGuid().ToString();

        using var alices = await PlaceAsync(await services.UserAsync(DemoRealm.Alice), key, (product, 1));
        using var bobs = await PlaceAsync(await services.UserAsync(DemoRealm.Bob), key, (product, 1));

        Assert.Equal(HttpStatusCode.Accepted, alices.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, bobs.StatusCode);
        Assert.Equal(2, await CountOrdersAsync(key));
    }

    [Fact]
    public async Task An_overlong_key_is_a_400_naming_the_header()
    {
        var product = await SeedProductAsync(services.Api.Services, 3_000m, 10);

        using var response = await PlaceAsync(await services.UserAsync(DemoRealm.Alice), new string('k', 201), (product, 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync());
    }

    private async Task<int> CountOrdersAsync(string key)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CommerceDbContext>().Orders.CountAsync(o => o.IdempotencyKey == key);
    }
}

[Collection(OnSqlite.Name)]
public sealed class OrderIdempotencyOnSqlite(SqliteServices services) : OrderIdempotencyTests(services);

[Collection(OnPostgres.Name)]
public sealed class OrderIdempotencyOnPostgres(PostgresServices services) : OrderIdempotencyTests(services);
