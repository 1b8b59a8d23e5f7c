using System.Globalization;
using Aict.IdentityServer.Administration.Audit;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// What one request changed in how an account signs in, to be told to its holder by e-mail (NIST SP 800-63B-4
/// asks for a notice when an authenticator is bound or removed, and when a password changes).
/// </summary>
/// <param name="Changes">Audit event types, in the order they happened.</param>
/// <param name="RequestCulture">The language of the request, used when the account names none.</param>
public sealed record ChangeNotice(string UserId, IReadOnlyList<string> Changes, CultureInfo RequestCulture, DateTimeOffset ChangedAt)
    : IAccountNotice
{
    /// <summary>The audit events that send a notice, each with the resource key of its line in the e-mail.</summary>
    private static readonly Dictionary<string, string> s_lines = new(StringComparer.Ordinal)
    {
        [AuditEventTypes.PasswordChanged] = "NoticePasswordChanged",
        [AuditEventTypes.PasswordReset] = "NoticePasswordReset",
        [AuditEventTypes.MfaReset] = "NoticeMfaReset",
        [AuditEventTypes.TotpEnrolled] = "NoticeTotpEnrolled",
        [AuditEventTypes.TotpRemoved] = "NoticeTotpRemoved",
        [AuditEventTypes.RecoveryCodesGenerated] = "NoticeRecoveryCodesGenerated",
        [AuditEventTypes.PhoneEnrolled] = "NoticePhoneEnrolled",
        [AuditEventTypes.PhoneRemoved] = "NoticePhoneRemoved",
        [AuditEventTypes.PasskeyRegistered] = "NoticePasskeyRegistered",
        [AuditEventTypes.PasskeyRemoved] = "NoticePasskeyRemoved",
        [AuditEventTypes.LockedOut] = "NoticeLockedOut",
        [AuditEventTypes.EmailChangeRequested] = "NoticeEmailChangeRequested",
    };

    /// <summary>
    /// Whether a recorded audit event sends a notice. A lockout does, but not through its audit event, which
    /// is recorded for every attempt refused while locked (<see cref="AccountChangeNotices.NoteLockout"/>).
    /// </summary>
    public static bool IsNoticed(string auditType) => auditType != AuditEventTypes.LockedOut && s_lines.ContainsKey(auditType);

    /// <summary>The resource keys of the e-mail's lines, one per change.</summary>
    public IEnumerable<string> LineKeys => Changes.Select(change => s_lines[change]);
}
