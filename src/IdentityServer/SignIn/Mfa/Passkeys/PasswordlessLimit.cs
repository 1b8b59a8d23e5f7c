using System.Net;
using Aict.IdentityServer.Platform.Throttling;
using Aict.ServiceDefaults.Edge;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>
/// Anyone may start a passwordless sign-in, and each start stores a challenge: one client address may open the page or
/// start its ceremony <see cref="PasskeyOptions.PasswordlessRequestsPerMinute"/> times a minute, on all instances together.
/// </summary>
public sealed class PasswordlessLimit(RequestWindows windows, IOptions<PasskeyOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Counts a request; null when it may go ahead, otherwise how long to wait.</summary>
    public Task<TimeSpan?> TryTakeAsync(IPAddress? address) => windows.TryTakeAsync(
        new RequestLimit("passwordless:address", address?.ToString() ?? ClientAddress.Unknown, options.Value.PasswordlessRequestsPerMinute, Window));
}
