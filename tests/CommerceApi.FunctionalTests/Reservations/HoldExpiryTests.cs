extern alias commerce;

using System.Net;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Reservations;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

/// <summary>Holds lapse after <c>Reservations:HoldDuration</c> (ten minutes); the test clock is moved past it.</summary>
public abstract class HoldExpiryTests(CommerceServices services)
{
    private static readonly TimeSpan PastTheHold = TimeSpan.FromMinutes(11);

    [Fact]
    public async Task A_lapsed_hold_cannot_be_confirmed_even_before_the_sweeper_runs_and_its_places_go_to_the_next_customer()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1);
        var hold = await alice.HeldAsync(slot.Id);

        services.Api.Clock.Advance(PastTheHold);
        using var confirmed = await alice.ConfirmAsync(hold.Id);
        var seen = await alice.ReservationAsync(hold.Id);
        var available = (await alice.SlotAsync(slot.Id)).Available;
        var bobs = await (await services.UserAsync(DemoRealm.Bob)).HeldAsync(slot.Id);

        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
        Assert.Contains("expired", (await confirmed.ProblemAsync()).Detail);
        Assert.Equal("Expired", seen.Status);
        Assert.Equal(1, available);
        Assert.Equal("Held", bobs.Status);
        Assert.Equal(0, (await alice.SlotAsync(slot.Id)).Available);
    }

    [Fact]
    public async Task Sweepers_racing_on_several_instances_give_each_lapsed_hold_back_exactly_once()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 10);
        var holds = new List<ReservationDto>();
        for (var i = 0; i < 4; i++)
        {
            holds.Add(await alice.HeldAsync(slot.Id, places: 2));
        }

        services.Api.Clock.Advance(PastTheHold);
        var released = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SweepAsync(slot.Id)));

        Assert.Equal(holds.Count, released.Sum());
        Assert.Equal(10, (await alice.SlotAsync(slot.Id)).Available);
        foreach (var hold in holds)
        {
            Assert.Equal("Expired", (await alice.ReservationAsync(hold.Id)).Status);
        }

        Assert.Equal(0, await SweepAsync(slot.Id));
    }

    [Fact]
    public async Task A_confirmed_reservation_does_not_lapse()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1);
        var hold = await alice.HeldAsync(slot.Id);
        (await alice.ConfirmAsync(hold.Id)).EnsureSuccessStatusCode();

        services.Api.Clock.Advance(PastTheHold);
        await SweepAsync(slot.Id);

        Assert.Equal("Confirmed", (await alice.ReservationAsync(hold.Id)).Status);
        Assert.Equal(0, (await alice.SlotAsync(slot.Id)).Available);
    }

    /// <summary>One pass of what the background sweeper does, as a separate instance would run it.</summary>
    private async Task<int> SweepAsync(Guid slotId)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISlotLedger>().ReleaseLapsedHoldsAsync(slotId, CancellationToken.None);
    }
}

[Collection(OnSqlite.Name)]
public sealed class HoldExpiryOnSqlite(SqliteServices services) : HoldExpiryTests(services);

[Collection(OnPostgres.Name)]
public sealed class HoldExpiryOnPostgres(PostgresServices services) : HoldExpiryTests(services);
