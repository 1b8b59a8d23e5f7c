using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Sessions;

/// <summary>Every running session of the user: end one, or every other one.</summary>
public sealed class IndexModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    public IReadOnlyList<SessionInfo> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Sessions = [.. (await api.GetSessionsAsync(cancellationToken)).OrderByDescending(s => s.Current).ThenByDescending(s => s.LastActivityAt)];

    public async Task<IActionResult> OnPostEndAsync(string id, CancellationToken cancellationToken)
    {
        Problem = await api.EndSessionAsync(id, cancellationToken);
        if (Problem is null)
        {
            return Done(text["SessionEnded"]);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken cancellationToken)
    {
        Problem = await api.EndOtherSessionsAsync(cancellationToken);
        if (Problem is null)
        {
            return Done(text["OtherSessionsEnded"]);
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
