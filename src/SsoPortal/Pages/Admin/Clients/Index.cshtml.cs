using Aict.SsoPortal.Account;

namespace Aict.SsoPortal.Pages.Admin.Clients;

/// <summary>The registered clients: id, name, type, grants and whether they are disabled.</summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile) : PortalPageModel
{
    public bool IsAdministrator { get; private set; }

    public IReadOnlyList<AdminClientLine> Clients { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Clients = await api.GetClientsAsync(cancellationToken);
    }
}
