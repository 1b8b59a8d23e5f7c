using System.Globalization;
using Aict.IdentityServer.Administration.Notices;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// A sign-in the account holder should hear of: from a new device and network (with the session it started, which the
/// e-mail's link can end), or refused for its risk (no session: whoever it was knows the password or holds a passkey).
/// </summary>
public sealed record SignInNotice(string UserId, string? SessionId, string? Place, DateTimeOffset SignedInAt, CultureInfo RequestCulture)
    : IAccountNotice;
