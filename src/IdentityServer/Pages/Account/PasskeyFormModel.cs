namespace Aict.IdentityServer.Pages.Account;

/// <summary>
/// What the shared passkey form needs: the page it posts the credential to (whose <c>Options</c> handler its
/// script asks first), the return URL and the button, the sign-in's main action or a secondary one.
/// </summary>
public sealed record PasskeyFormModel(string Page, string? ReturnUrl, string ButtonText, bool Primary = true);
