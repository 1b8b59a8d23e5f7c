using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Activity;

/// <summary>The user's recent security events (sign-ins, failures, changes) from IdentityServer's audit trail.</summary>
public sealed class IndexModel(AccountApiClient api) : PortalPageModel
{
    public IReadOnlyList<ActivityEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await api.GetActivityAsync(cancellationToken);
}
