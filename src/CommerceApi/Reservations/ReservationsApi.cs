using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Reservations;

/// <summary>A user's reservations (an admin's: everyone's), and the confirm and cancel steps of a hold.</summary>
public static class ReservationsApi
{
    private const int ListLimit = 200;

    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        var reservations = app.MapGroup("/api/reservations").WithTags("Reservations");
        reservations.MapGet("/", ListAsync).RequireAuthorization(Scopes.ReservationsRead);
        reservations.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.ReservationsRead).WithName("GetReservation");
        reservations.MapPost("/{id:guid}/confirm", ConfirmAsync).RequireAuthorization(Scopes.ReservationsWrite);
        reservations.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Scopes.ReservationsWrite);
        return app;
    }

    /// <summary>Newest first, optionally for one slot.</summary>
    private static async Task<Ok<ReservationResponse[]>> ListAsync(
        Guid? slotId, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http);
        var visible = caller.IsPartner || caller.ActsAsAdmin() ? db.Reservations : db.Reservations.Where(r => r.CustomerId == caller.Subject);
        if (slotId is { } slot)
        {
            visible = visible.Where(r => r.SlotId == slot);
        }

        var now = clock.GetUtcNow();
        var reservations = await visible.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(ListLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(reservations.Select(r => ReservationResponse.From(r, now)).ToArray());
    }

    private static async Task<Ok<ReservationResponse>> GetAsync(
        Guid id, HttpContext http, CommerceDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(ReservationResponse.From(await FindVisibleAsync(id, Caller.From(http), db, cancellationToken), clock.GetUtcNow()));

    /// <summary>Turns the caller's live hold into a reservation; a lapsed hold cannot be confirmed, swept or not.</summary>
    private static async Task<Ok<ReservationResponse>> ConfirmAsync(
        Guid id, HttpContext http, CommerceDbContext db, ISlotLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http);
        var reservation = await FindVisibleAsync(id, caller, db, cancellationToken);
        if (reservation.CustomerId != caller.Subject)
        {
            throw new ConflictException("Only the customer who placed the hold can confirm it.");
        }

        if (!await ledger.ConfirmAsync(id, caller.Subject, cancellationToken))
        {
            throw new ConflictException(WhyNot("confirmed", await FindVisibleAsync(id, caller, db, cancellationToken), clock.GetUtcNow()));
        }

        return TypedResults.Ok(ReservationResponse.From(await FindVisibleAsync(id, caller, db, cancellationToken), clock.GetUtcNow()));
    }

    /// <summary>Cancels a live hold or a confirmed reservation (the customer's own, or any for an admin) and frees its places.</summary>
    private static async Task<Ok<ReservationResponse>> CancelAsync(
        Guid id, HttpContext http, CommerceDbContext db, ISlotLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http);
        await FindVisibleAsync(id, caller, db, cancellationToken);
        if (!await ledger.ReleaseAsync(id, ReservationStatus.Cancelled, cancellationToken))
        {
            throw new ConflictException(WhyNot("cancelled", await FindVisibleAsync(id, caller, db, cancellationToken), clock.GetUtcNow()));
        }

        return TypedResults.Ok(ReservationResponse.From(await FindVisibleAsync(id, caller, db, cancellationToken), clock.GetUtcNow()));
    }

    /// <summary>Another customer's reservation is reported as missing, not as forbidden: its existence is theirs.</summary>
    private static async Task<Reservation> FindVisibleAsync(Guid id, Caller caller, CommerceDbContext db, CancellationToken cancellationToken) =>
        await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } reservation && caller.MaySee(reservation.CustomerId)
            ? reservation
            : throw new NotFoundException($"Reservation {id} does not exist.");

    private static string WhyNot(string action, Reservation reservation, DateTimeOffset now) =>
        ReservationResponse.EffectiveStatus(reservation, now) switch
        {
            ReservationStatus.Expired => $"The hold expired at {reservation.ExpiresAt:O}; it can no longer be {action}.",
            var status => $"The reservation is {status.ToString().ToLowerInvariant()}; it can no longer be {action}.",
        };
}
