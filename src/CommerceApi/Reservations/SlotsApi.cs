using Aict.CommerceApi.Data;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Reservations;

/// <summary>Capacity-limited slots: partners and catalogue managers create them, users hold places on them.</summary>
public static class SlotsApi
{
    private const int ListLimit = 100;

    public static IEndpointRouteBuilder MapSlotsApi(this IEndpointRouteBuilder app)
    {
        var slots = app.MapGroup("/api/slots").WithTags("Reservations");
        slots.MapGet("/", ListAsync).RequireAuthorization(Scopes.ReservationsRead);
        slots.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.ReservationsRead).WithName("GetSlot");
        slots.MapPost("/", CreateAsync).RequireAuthorization(Scopes.ProductsWrite);
        slots.MapPost("/{id:guid}/reservations", HoldAsync).RequireAuthorization(Scopes.ReservationsWrite);
        return app;
    }

    /// <summary>Slots that have not started yet, soonest first.</summary>
    private static async Task<Ok<SlotResponse[]>> ListAsync(CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await Project(db, db.Slots.Where(s => s.StartsAt > now).OrderBy(s => s.StartsAt).Take(ListLimit), now)
            .ToArrayAsync(cancellationToken));
    }

    private static async Task<Results<Ok<SlotResponse>, NotFound>> GetAsync(Guid id, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await Project(db, db.Slots.Where(s => s.Id == id), clock.GetUtcNow()).FirstOrDefaultAsync(cancellationToken) is { } slot
            ? TypedResults.Ok(slot)
            : TypedResults.NotFound();

    private static async Task<Results<CreatedAtRoute<SlotResponse>, ValidationProblem>> CreateAsync(
        CreateSlotRequest request, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (startsAt, endsAt) = (request.StartsAt!.Value, request.EndsAt!.Value);
        if (startsAt <= clock.GetUtcNow())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["StartsAt"] = ["The slot must start in the future."] });
        }

        if (endsAt <= startsAt)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["EndsAt"] = ["The slot must end after it starts."] });
        }

        var slot = new Slot { Name = request.Name, StartsAt = startsAt, EndsAt = endsAt, Capacity = request.Capacity!.Value };
        db.Slots.Add(slot);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(
            new SlotResponse(slot.Id, slot.Name, slot.StartsAt, slot.EndsAt, slot.Capacity, slot.Capacity), "GetSlot", new { id = slot.Id });
    }

    /// <summary>Holds places for the calling user until the hold is confirmed or lapses.</summary>
    private static async Task<CreatedAtRoute<ReservationResponse>> HoldAsync(
        Guid id, HoldRequest request, HttpContext http, ISlotLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var hold = await ledger.HoldAsync(id, Caller.From(http).Subject, request.Places, cancellationToken);
        return TypedResults.CreatedAtRoute(ReservationResponse.From(hold, clock.GetUtcNow()), "GetReservation", new { id = hold.Id });
    }

    private static IQueryable<SlotResponse> Project(CommerceDbContext db, IQueryable<Slot> slots, DateTimeOffset now) =>
        slots.AsNoTracking().Select(s => new SlotResponse(s.Id, s.Name, s.StartsAt, s.EndsAt, s.Capacity,
            s.Capacity - s.Taken + db.Reservations
                .Where(r => r.SlotId == s.Id && r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
                .Sum(r => r.Places)));
}
