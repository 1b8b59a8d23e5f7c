extern alias commerce;

using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

public abstract class ReservationLifecycleTests(CommerceServices services)
{
    [Fact]
    public async Task A_hold_is_confirmed_then_cancelled_and_the_slot_counts_its_places_throughout()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await partner.CreateSlotAsync(capacity: 3);
        Assert.Contains(await alice.GetFromJsonAsync<SlotDto[]>("/api/slots") ?? [], s => s.Id == slot.Id && s.Available == 3);

        using var held = await alice.HoldAsync(slot.Id, places: 2);
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        var hold = (await held.Content.ReadFromJsonAsync<ReservationDto>())!;
        Assert.Equal($"/api/reservations/{hold.Id}", held.Headers.Location?.AbsolutePath);
        Assert.Equal(("Held", 2, TimeSpan.FromMinutes(10)), (hold.Status, hold.Places, hold.ExpiresAt - hold.CreatedAt));
        Assert.Equal(1, (await alice.SlotAsync(slot.Id)).Available);

        using var confirmed = await alice.ConfirmAsync(hold.Id);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Confirmed", (await alice.ReservationAsync(hold.Id)).Status);
        Assert.Equal(1, (await alice.SlotAsync(slot.Id)).Available);

        using var cancelled = await alice.CancelAsync(hold.Id);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<ReservationDto>())!.Status);
        Assert.Equal(3, (await alice.SlotAsync(slot.Id)).Available);
    }

    [Fact]
    public async Task A_hold_that_does_not_fit_is_a_409_saying_the_slot_is_full()
    {
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 2);
        var alice = await services.UserAsync(DemoRealm.Alice);
        await alice.HeldAsync(slot.Id, places: 2);

        using var refused = await (await services.UserAsync(DemoRealm.Bob)).HoldAsync(slot.Id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("slot is full", (await refused.ProblemAsync()).Detail);
        Assert.Equal(0, (await alice.SlotAsync(slot.Id)).Available);
    }

    [Fact]
    public async Task Cancelling_a_hold_frees_its_places_and_a_second_cancel_is_a_409()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1);
        var hold = await alice.HeldAsync(slot.Id);

        using var cancelled = await alice.CancelAsync(hold.Id);
        using var again = await alice.CancelAsync(hold.Id);
        using var confirmAfter = await alice.ConfirmAsync(hold.Id);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("cancelled", (await again.ProblemAsync()).Detail);
        Assert.Equal(HttpStatusCode.Conflict, confirmAfter.StatusCode);
        Assert.Equal(1, (await alice.SlotAsync(slot.Id)).Available);
    }

    [Fact]
    public async Task Confirming_twice_is_a_409_and_keeps_the_reservation_confirmed()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var hold = await alice.HeldAsync((await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1)).Id);
        (await alice.ConfirmAsync(hold.Id)).EnsureSuccessStatusCode();

        using var again = await alice.ConfirmAsync(hold.Id);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Confirmed", (await alice.ReservationAsync(hold.Id)).Status);
    }

    [Fact]
    public async Task A_slot_that_has_started_is_no_longer_listed_nor_held()
    {
        var partner = await services.PartnerAsync();
        var alice = await services.UserAsync(DemoRealm.Alice);
        var startsAt = services.Api.Clock.GetUtcNow().AddMinutes(5);
        using var created = await partner.PostAsJsonAsync("/api/slots", new { name = "Soon", startsAt, endsAt = startsAt.AddHours(1), capacity = 4 });
        var slot = (await created.Content.ReadFromJsonAsync<SlotDto>())!;

        services.Api.Clock.Advance(TimeSpan.FromMinutes(6));
        using var held = await alice.HoldAsync(slot.Id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, held.StatusCode);
        Assert.Contains("started", (await held.ProblemAsync()).Detail);
        Assert.DoesNotContain(await alice.GetFromJsonAsync<SlotDto[]>("/api/slots") ?? [], s => s.Id == slot.Id);
        Assert.Equal(4, (await alice.SlotAsync(slot.Id)).Available);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_reservation_routes()
    {
        var document = await services.Anonymous().GetStringAsync("/openapi/v1.json");

        foreach (var route in new[] { "/api/slots", "/api/slots/{id}/reservations", "/api/reservations", "/api/reservations/{id}/confirm", "/api/reservations/{id}/cancel" })
        {
            Assert.Contains($"\"{route}\"", document);
        }
    }

    [Fact]
    public async Task The_database_check_constraint_turns_a_release_below_zero_into_a_409_that_changes_nothing()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 2);
        var hold = await alice.HeldAsync(slot.Id);
        await using (var scope = services.Api.Services.CreateAsyncScope())
        {
            // Break the count behind the API's back, as a bug or a manual edit would.
            await scope.ServiceProvider.GetRequiredService<CommerceDbContext>().Slots.Where(s => s.Id == slot.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Taken, 0));
        }

        using var cancelled = await alice.CancelAsync(hold.Id);

        Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
        Assert.Contains("below zero", (await cancelled.ProblemAsync()).Detail);
        Assert.Equal("Held", (await alice.ReservationAsync(hold.Id)).Status);
    }

    [Fact]
    public async Task Holding_on_an_unknown_slot_is_a_404()
    {
        using var response = await (await services.UserAsync(DemoRealm.Alice)).HoldAsync(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ProblemAsync();
    }
}

[Collection(OnSqlite.Name)]
public sealed class ReservationLifecycleOnSqlite(SqliteServices services) : ReservationLifecycleTests(services);

[Collection(OnPostgres.Name)]
public sealed class ReservationLifecycleOnPostgres(PostgresServices services) : ReservationLifecycleTests(services);
