using System.Globalization;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>The audit log across users: filtered pages for the console, and the same filters exported as CSV or JSON lines.</summary>
internal static class AdminAuditApi
{
    public static RouteGroupBuilder MapAdminAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", SearchAsync);
        admin.MapGet("/audit/export", ExportAsync);
        return admin;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> SearchAsync(
        [AsParameters] AuditFilter filter, UserManager<ApplicationUser> users, ApplicationDbContext db, CancellationToken cancellationToken)
    {
        if (filter.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (userId, actorId) = await AuditSearch.ResolveAsync(filter, users);
        return TypedResults.Ok(await AuditSearch.PageAsync(db, filter, userId, actorId, cancellationToken));
    }

    /// <summary>Every matching event (paging ignored), streamed as a download.</summary>
    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] AuditFilter filter, UserManager<ApplicationUser> users, ApplicationDbContext db, TimeProvider time,
        CancellationToken cancellationToken, string format = AuditExport.Csv)
    {
        var errors = filter.Validate();
        if (!AuditExport.IsFormat(format))
        {
            errors["Format"] = ["The format must be csv or jsonl."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (userId, actorId) = await AuditSearch.ResolveAsync(filter, users);
        var name = $"audit-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{format}";
        return TypedResults.Stream(
            body => AuditExport.WriteAsync(format, AuditSearch.StreamAsync(db, filter, userId, actorId), body, cancellationToken),
            AuditExport.ContentType(format), name);
    }
}
