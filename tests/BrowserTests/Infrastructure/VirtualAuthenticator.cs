using System.Text.Json;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// Chromium's virtual authenticator (CDP <c>WebAuthn</c> domain) attached to a test's page: a platform
/// authenticator with resident keys and user verification that answers at once, as a phone's fingerprint would.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession _cdp;
    private readonly string _id;

    private VirtualAuthenticator(ICDPSession cdp, string id)
    {
        _cdp = cdp;
        _id = id;
    }

    public static async Task<VirtualAuthenticator> AttachAsync(BrowserSession browser)
    {
        var cdp = await browser.Context.NewCDPSessionAsync(browser.Page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    /// <summary>How many passkeys the authenticator holds.</summary>
    public async Task<int> CountCredentialsAsync()
    {
        var result = await _cdp.SendAsync("WebAuthn.getCredentials", Id());
        return result!.Value.GetProperty("credentials").GetArrayLength();
    }

    private Dictionary<string, object> Id() => new() { ["authenticatorId"] = _id };
}
