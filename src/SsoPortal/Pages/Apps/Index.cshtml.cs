using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Aict.SsoPortal.Authentication;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.SsoPortal.Pages.Apps;

/// <summary>The apps the user has granted access to; revoking one revokes its tokens at once.</summary>
public sealed class IndexModel(AccountApiClient api, IStringLocalizer<SharedResource> text, IOptions<OidcClientOptions> client) : PortalPageModel
{
    /// <summary>The portal's own grant: revoking it here would only sign the user out of this page.</summary>
    public string PortalClientId => client.Value.ClientId;

    public IReadOnlyList<ConnectedApp> Apps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Apps = await api.GetConsentsAsync(cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        Problem = await api.RevokeConsentAsync(clientId, cancellationToken);
        if (Problem is null)
        {
            return Done(text["AccessRevoked"]);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
