using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;

namespace Aict.SsoPortal.Pages.Admin;

/// <summary>
/// The console's users section: find a user by e-mail and open them, or create one. IdentityServer checks the
/// role on every call; the page only spares others a useless form.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile) : PortalPageModel
{
    public bool IsAdministrator { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Query { get; set; }

    public IReadOnlyList<UserSummary> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (Query is not null)
        {
            Users = await api.FindUsersAsync(Query, cancellationToken);
        }
    }
}
