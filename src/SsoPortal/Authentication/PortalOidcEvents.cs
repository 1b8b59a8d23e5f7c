using System.Globalization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aict.SsoPortal.Authentication;

/// <summary>IdentityServer's pages speak the portal's language: the sign-in request carries <c>ui_locales</c>.</summary>
internal sealed class PortalOidcEvents : OpenIdConnectEvents
{
    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.Name;
        return base.RedirectToIdentityProvider(context);
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.Name;
        return base.RedirectToIdentityProviderForSignOut(context);
    }
}
