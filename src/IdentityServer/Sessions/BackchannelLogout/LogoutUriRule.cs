namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// What this environment accepts as a back-channel logout URI: in Development anything (the demo clients listen on
/// localhost over http); elsewhere https only, and no loopback, link-local or private address unless
/// <c>BackchannelLogout:AllowPrivateNetworks</c> says the clients live on such a network.
/// </summary>
public readonly record struct LogoutUriRule(bool RequireHttps, bool AllowPrivateNetworks)
{
    public static LogoutUriRule Development { get; } = new(RequireHttps: false, AllowPrivateNetworks: true);

    public static LogoutUriRule For(IHostEnvironment environment, BackchannelLogoutOptions options) =>
        environment.IsDevelopment() ? Development : new(RequireHttps: true, options.AllowPrivateNetworks);
}
