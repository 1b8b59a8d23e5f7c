using Aict.IdentityServer.Administration.Audit;
using System.Globalization;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// Collects, for one request, the changes that need a notice (<see cref="Audit.AuditTrail"/> reports every
/// recorded event here) and queues one e-mail per account when the response starts: enrolling an app
/// and getting its recovery codes in one step is one notice, not two. Outside a request, each change is
/// queued at once.
/// </summary>
public sealed class AccountChangeNotices(AccountNotices<ChangeNotice> queue, IHttpContextAccessor http, TimeProvider time)
{
    private readonly Dictionary<string, ChangeNotice> _pending = new(StringComparer.Ordinal);
    private bool _queuedOnResponse;

    public void Note(string auditType, string? userId)
    {
        if (userId is not null && ChangeNotice.IsNoticed(auditType))
        {
            Add(auditType, userId);
        }
    }

    /// <summary>
    /// Failed attempts have just locked the account. The sign-in page tells nobody (it would tell a stranger
    /// which accounts exist), so the holder hears it here, once per lockout rather than per refused attempt.
    /// </summary>
    public void NoteLockout(string userId) => Add(AuditEventTypes.LockedOut, userId);

    private void Add(string auditType, string userId)
    {
        _pending[userId] = _pending.TryGetValue(userId, out var earlier)
            ? earlier with { Changes = [.. earlier.Changes.Append(auditType).Distinct(StringComparer.Ordinal)] }
            : new ChangeNotice(userId, [auditType], CultureInfo.CurrentUICulture, time.GetUtcNow());

        if (http.HttpContext is not { Response.HasStarted: false } context)
        {
            QueuePending();
        }
        else if (!_queuedOnResponse)
        {
            _queuedOnResponse = true;
            context.Response.OnStarting(() =>
            {
                QueuePending();
                return Task.CompletedTask;
            });
        }
    }

    private void QueuePending()
    {
        foreach (var notice in _pending.Values)
        {
            queue.Enqueue(notice);
        }

        _pending.Clear();
    }
}
