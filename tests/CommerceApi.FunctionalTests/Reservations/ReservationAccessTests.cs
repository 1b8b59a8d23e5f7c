using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

/// <summary>Who may see and change a reservation, and what bad input gets back.</summary>
public abstract class ReservationAccessTests(CommerceServices services)
{
    [Fact]
    public async Task Bob_can_neither_see_nor_confirm_nor_cancel_alices_hold_but_an_admin_sees_it()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var bob = await services.UserAsync(DemoRealm.Bob);
        var admin = await services.UserAsync(DemoRealm.Admin);
        var hold = await alice.HeldAsync((await (await services.PartnerAsync()).CreateSlotAsync(capacity: 5)).Id);

        using var seen = await bob.GetAsync($"/api/reservations/{hold.Id}");
        using var confirmed = await bob.ConfirmAsync(hold.Id);
        using var cancelled = await bob.CancelAsync(hold.Id);
        var bobsList = await bob.GetFromJsonAsync<ReservationDto[]>("/api/reservations");
        var adminsList = await admin.GetFromJsonAsync<ReservationDto[]>($"/api/reservations?slotId={hold.SlotId}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [seen.StatusCode, confirmed.StatusCode, cancelled.StatusCode]);
        Assert.DoesNotContain(bobsList!, r => r.Id == hold.Id);
        Assert.Contains(await alice.GetFromJsonAsync<ReservationDto[]>("/api/reservations") ?? [], r => r.Id == hold.Id);
        Assert.Equal(hold.Id, Assert.Single(adminsList!).Id);
        Assert.Equal("Held", (await admin.ReservationAsync(hold.Id)).Status);
    }

    [Fact]
    public async Task An_admin_may_cancel_a_customers_reservation_but_not_confirm_it_for_them()
    {
        var alice = await services.UserAsync(DemoRealm.Alice);
        var admin = await services.UserAsync(DemoRealm.Admin);
        var hold = await alice.HeldAsync((await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1)).Id);

        using var confirmed = await admin.ConfirmAsync(hold.Id);
        using var cancelled = await admin.CancelAsync(hold.Id);

        Assert.Equal(HttpStatusCode.Conflict, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await alice.ReservationAsync(hold.Id)).Status);
    }

    [Fact]
    public async Task A_user_cannot_create_slots_and_the_partner_cannot_hold_places()
    {
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 1);

        using var created = await (await services.UserAsync(DemoRealm.Alice)).PostAsJsonAsync("/api/slots",
            new { name = "Not mine", startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(2), capacity = 1 });
        using var held = await (await services.PartnerAsync()).HoldAsync(slot.Id);

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Contains("products:write", created.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, held.StatusCode);
        Assert.Contains("reservations:write", held.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("""{ "name": "", "startsAt": "2099-01-01T09:00:00Z", "endsAt": "2099-01-01T10:00:00Z", "capacity": 5 }""", "Name")]
    [InlineData("""{ "name": "No capacity", "startsAt": "2099-01-01T09:00:00Z", "endsAt": "2099-01-01T10:00:00Z", "capacity": 0 }""", "Capacity")]
    [InlineData("""{ "name": "No start", "endsAt": "2099-01-01T10:00:00Z", "capacity": 5 }""", "StartsAt")]
    [InlineData("""{ "name": "In the past", "startsAt": "2001-01-01T09:00:00Z", "endsAt": "2001-01-01T10:00:00Z", "capacity": 5 }""", "StartsAt")]
    [InlineData("""{ "name": "Backwards", "startsAt": "2099-01-01T10:00:00Z", "endsAt": "2099-01-01T09:00:00Z", "capacity": 5 }""", "EndsAt")]
    public async Task An_invalid_slot_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await (await services.PartnerAsync()).PostAsync("/api/slots", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.ProblemAsync()).Errors!.Keys, key => key.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(101)]
    public async Task A_hold_of_an_invalid_number_of_places_is_a_400_naming_places(int places)
    {
        var slot = await (await services.PartnerAsync()).CreateSlotAsync(capacity: 5);

        using var response = await (await services.UserAsync(DemoRealm.Alice)).HoldAsync(slot.Id, places);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.ProblemAsync()).Errors!.Keys, key => key.Equals("Places", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(5, (await (await services.UserAsync(DemoRealm.Alice)).SlotAsync(slot.Id)).Available);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ReservationAccessOnSqlite(SqliteServices services) : ReservationAccessTests(services);

[Collection(OnPostgres.Name)]
public sealed class ReservationAccessOnPostgres(PostgresServices services) : ReservationAccessTests(services);
