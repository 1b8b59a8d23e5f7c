using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Administration.Audit;

/// <summary>
/// Which audit events to show, from the query string. Filters combine (all must match); <see cref="From"/> is
/// inclusive and <see cref="To"/> exclusive, so consecutive ranges neither overlap nor leave gaps.
/// </summary>
public sealed class AuditFilter
{
    public const int PageSize = 50;
    public const int MaxPage = 100_000;

    /// <summary>Whose account the events concern: a user id or an e-mail address.</summary>
    public string? User { get; set; }

    /// <summary>Who acted (an administrator): a user id or an e-mail address.</summary>
    public string? Actor { get; set; }

    public string? Client { get; set; }

    public string? Type { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    /// <summary>1 for the newest <see cref="PageSize"/> events.</summary>
    public int? Page { get; set; }

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, nameof(User), User, 450);
        Check(errors, nameof(Actor), Actor, 450);
        Check(errors, nameof(Client), Client, 100);
        Check(errors, nameof(Type), Type, 64);
        if (From >= To)
        {
            errors[nameof(To)] = ["The end of the time range must be after its start."];
        }

        if (Page is < 1 or > MaxPage)
        {
            errors[nameof(Page)] = [$"The page must be between 1 and {MaxPage}."];
        }

        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string name, string? value, int maxLength)
    {
        if (value is { Length: > 0 } && (value.Length > maxLength || string.IsNullOrWhiteSpace(value) || value.Contains('\0', StringComparison.Ordinal)))
        {
            errors[name] = [$"Use 1 to {maxLength} visible characters."];
        }
    }
}

/// <summary>An audit event as the console shows it, with the e-mail of its user and actor when their accounts still exist.</summary>
public sealed record AuditEntry(
    long Id,
    string Type,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? UserEmail,
    string? ActorId,
    string? ActorEmail,
    string? ClientId,
    string? SessionId,
    string? IpAddress,
    string? UserAgent);

/// <summary>One page of audit events, newest first; <see cref="HasMore"/> says whether an older page exists.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Page, int PageSize, bool HasMore);

/// <summary>Reads the audit trail across users: newest first, filtered, a page at a time or as one stream.</summary>
public static class AuditSearch
{
    /// <summary>
    /// The ids to filter on: an e-mail address becomes its account's id, or a value no event has when no account
    /// has it (the events of a deleted account are still found by its id).
    /// </summary>
    public static async Task<(string? UserId, string? ActorId)> ResolveAsync(AuditFilter filter, UserManager<ApplicationUser> users)
    {
        return (await IdOfAsync(filter.User), await IdOfAsync(filter.Actor));

        async Task<string?> IdOfAsync(string? userOrEmail) =>
            string.IsNullOrWhiteSpace(userOrEmail) ? null
            : !userOrEmail.Contains('@', StringComparison.Ordinal) ? userOrEmail.Trim()
            : (await users.FindByEmailAsync(userOrEmail.Trim()))?.Id ?? string.Empty;
    }

    public static async Task<AuditPage> PageAsync(
        ApplicationDbContext db, AuditFilter filter, string? userId, string? actorId, CancellationToken cancellationToken)
    {
        var page = filter.Page ?? 1;
        var found = await Query(db, filter, userId, actorId)
            .Skip((page - 1) * AuditFilter.PageSize)
            .Take(AuditFilter.PageSize + 1)
            .ToListAsync(cancellationToken);
        return new AuditPage([.. found.Take(AuditFilter.PageSize)], page, AuditFilter.PageSize, found.Count > AuditFilter.PageSize);
    }

    /// <summary>Every matching event, read from the database as it is written out, never all held at once.</summary>
    public static IAsyncEnumerable<AuditEntry> StreamAsync(ApplicationDbContext db, AuditFilter filter, string? userId, string? actorId) =>
        Query(db, filter, userId, actorId).AsAsyncEnumerable();

    private static IQueryable<AuditEntry> Query(ApplicationDbContext db, AuditFilter filter, string? userId, string? actorId)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (userId is not null)
        {
            events = events.Where(e => e.UserId == userId);
        }

        if (actorId is not null)
        {
            events = events.Where(e => e.ActorId == actorId);
        }

        if (!string.IsNullOrEmpty(filter.Client))
        {
            events = events.Where(e => e.ClientId == filter.Client);
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            events = events.Where(e => e.Type == filter.Type);
        }

        if (filter.From is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        return from e in events
               join u in db.Users on e.UserId equals u.Id into subjects
               from u in subjects.DefaultIfEmpty()
               join a in db.Users on e.ActorId equals a.Id into actors
               from a in actors.DefaultIfEmpty()
               orderby e.OccurredAt descending, e.Id descending
               select new AuditEntry(
                   e.Id, e.Type, e.OccurredAt, e.UserId, u == null ? null : u.Email, e.ActorId, a == null ? null : a.Email,
                   e.ClientId, e.SessionId, e.IpAddress, e.UserAgent);
    }
}
