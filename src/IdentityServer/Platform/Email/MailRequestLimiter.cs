using Aict.IdentityServer.Platform.Throttling;
using Aict.ServiceDefaults.Edge;

namespace Aict.IdentityServer.Platform.Email;

/// <summary>
/// Limits requests that send someone an e-mail per client address and per normalised e-mail address, in fixed
/// windows: one machine cannot flood the mailer, and nobody can bury one address in mail. Counted in Redis, so every
/// instance enforces one limit. Each kind of mail (reset links, verification links) has its own counters and settings.
/// </summary>
public abstract class MailRequestLimiter(RequestWindows windows, string mail, int requestsPerClientAddress, int requestsPerEmail, TimeSpan window)
{
    /// <summary>Counts a request for one more e-mail; null when it may go out, otherwise how long to wait.</summary>
    public Task<TimeSpan?> TryTakeAsync(string? clientAddress, string normalizedEmail) => windows.TryTakeAsync(
        new RequestLimit($"{mail}:address", clientAddress ?? ClientAddress.Unknown, requestsPerClientAddress, window),
        new RequestLimit($"{mail}:email", normalizedEmail, requestsPerEmail, window));
}
