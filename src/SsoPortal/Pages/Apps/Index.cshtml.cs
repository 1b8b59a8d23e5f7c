using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Apps;

/// <summary>The apps the user has granted access to; revoking one revokes its tokens at once.</summary>
public sealed class IndexModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : PortalPageModel
{
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
