using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Looks up clients' back-channel logout registrations, applying this environment's rule (<see cref="LogoutUriRule"/>).</summary>
internal sealed class LogoutRegistrations(
    IOpenIddictApplicationManager applications, IHostEnvironment environment, IOptions<BackchannelLogoutOptions> options)
{
    public async Task<BackchannelLogoutRegistration?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return BackchannelLogoutRegistration.Read(properties, LogoutUriRule.For(environment, options.Value));
    }
}
