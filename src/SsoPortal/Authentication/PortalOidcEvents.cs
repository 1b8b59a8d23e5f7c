using System.Globalization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aict.SsoPortal.Authentication;

/// <summary>
/// IdentityServer's pages speak the portal's language: the sign-in request carries <c>ui_locales</c>; and a
/// step-up (<see cref="Sessions.StepUpRequiredException"/>) asks for its level with <c>acr_values</c>.
/// </summary>
internal sealed class PortalOidcEvents : OpenIdConnectEvents
{
    /// <summary>The challenge's item that names the <c>acr_values</c> to ask for.</summary>
    public const string AcrValuesItem = "acr_values";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.Name;
        if (context.Properties.Items.TryGetValue(AcrValuesItem, out var acrValues) && acrValues is not null)
        {
            context.ProtocolMessage.AcrValues = acrValues;
        }

        return base.RedirectToIdentityProvider(context);
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.Name;
        return base.RedirectToIdentityProviderForSignOut(context);
    }
}
