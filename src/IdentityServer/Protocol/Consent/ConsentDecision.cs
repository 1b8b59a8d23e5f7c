using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Aict.IdentityServer.Protocol.Consent;

/// <summary>Hands the consent page's answer back to the authorization endpoint.</summary>
public static class ConsentDecision
{
    private const string DeniedKey = "consent.denied";

    public static string PageUrl(string returnUrl) => "/consent?returnUrl=" + Uri.EscapeDataString(returnUrl);

    /// <summary>Remembers, for the next request only, that the user refused <paramref name="clientId"/>.</summary>
    public static void RecordDenial(ITempDataDictionary tempData, string clientId) => tempData[DeniedKey] = clientId;

    public static bool WasDenied(ITempDataDictionary tempData, string clientId)
    {
        var denied = tempData.TryGetValue(DeniedKey, out var value) && value as string == clientId;
        if (denied)
        {
            tempData.Remove(DeniedKey);
            tempData.Save();
        }

        return denied;
    }
}
