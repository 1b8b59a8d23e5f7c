using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.SsoPortal.Pages;

/// <summary>The launcher: the apps the user may open, each signing in through SSO without a second password prompt.</summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile) : PageModel
{
    public UserProfile Profile { get; private set; } = null!;

    public IReadOnlyList<LaunchableApp> Apps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Profile = await profile.GetAsync();
        Apps = await api.GetAppsAsync(cancellationToken);
    }
}
