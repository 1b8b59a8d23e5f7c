using System.Security.Claims;
using System.Text.Json;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>The console's alerts: filtered pages newest first, one alert, and acknowledging it (once; again is a no-op).</summary>
internal static class AdminAlertsApi
{
    public static RouteGroupBuilder MapAdminAlertsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/alerts", SearchAsync);
        admin.MapGet("/alerts/{id:long}", GetAsync);
        admin.MapPost("/alerts/{id:long}/acknowledge", AcknowledgeAsync);
        return admin;
    }

    private static async Task<Results<Ok<AlertPage>, ValidationProblem>> SearchAsync(
        [AsParameters] AlertFilter filter, ApplicationDbContext db, CancellationToken cancellationToken)
    {
        if (filter.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var alerts = db.SecurityAlerts.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Type))
        {
            alerts = alerts.Where(a => a.Type == filter.Type);
        }

        if (!string.IsNullOrEmpty(filter.Severity))
        {
            alerts = alerts.Where(a => a.Severity == filter.Severity);
        }

        if (filter.Acknowledged is { } acknowledged)
        {
            alerts = acknowledged ? alerts.Where(a => a.AcknowledgedAt != null) : alerts.Where(a => a.AcknowledgedAt == null);
        }

        if (filter.From is { } from)
        {
            alerts = alerts.Where(a => a.RaisedAt >= from);
        }

        if (filter.To is { } to)
        {
            alerts = alerts.Where(a => a.RaisedAt < to);
        }

        var page = filter.Page ?? 1;
        var found = await alerts.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * AlertFilter.PageSize)
            .Take(AlertFilter.PageSize + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AlertPage([.. found.Take(AlertFilter.PageSize).Select(View)], page, AlertFilter.PageSize, found.Count > AlertFilter.PageSize));
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> GetAsync(long id, ApplicationDbContext db, CancellationToken cancellationToken) =>
        await db.SecurityAlerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } alert
            ? TypedResults.Ok(View(alert))
            : NoSuchAlert();

    /// <summary>Records who acknowledged the alert and when; an alert already acknowledged keeps its first acknowledgement.</summary>
    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> AcknowledgeAsync(
        long id, ClaimsPrincipal caller, ApplicationDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var administrator = AccountApi.UserId(caller);
        var acknowledged = await db.SecurityAlerts.Where(a => a.Id == id && a.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgedAt, time.GetUtcNow()).SetProperty(a => a.AcknowledgedBy, administrator), cancellationToken);
        if (await db.SecurityAlerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } alert)
        {
            return NoSuchAlert();
        }

        if (acknowledged == 1)
        {
            await audit.RecordAsync(AuditEventTypes.SecurityAlertAcknowledged, alert.UserId, actorId: administrator,
                detail: JsonSerializer.Serialize(new { alert = alert.Id, type = alert.Type }), cancellationToken: cancellationToken);
        }

        return TypedResults.Ok(View(alert));
    }

    private static AlertView View(SecurityAlert alert) => new(
        alert.Id, alert.Type, alert.Severity, alert.UserId, alert.Subject, alert.IpAddress, alert.RaisedAt,
        JsonSerializer.Deserialize<string[]>(alert.Reasons) ?? [], alert.AcknowledgedAt, alert.AcknowledgedBy);

    private static ProblemHttpResult NoSuchAlert() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert");
}
