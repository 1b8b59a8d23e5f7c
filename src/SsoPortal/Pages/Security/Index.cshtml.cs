using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>The user's second factors at a glance, each with a link to its own page.</summary>
public sealed class IndexModel(AccountApiClient api) : PortalPageModel
{
    public MfaSummary Factors { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Factors = await api.GetMfaAsync(cancellationToken);
}
