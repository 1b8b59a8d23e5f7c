using System.ComponentModel.DataAnnotations;
using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Users;

/// <summary>The roles there are, how many users hold each; create one, delete one nobody holds.</summary>
public sealed class RolesModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    [BindProperty]
    [Required(ErrorMessage = "RoleNameRequired")]
    [StringLength(64, ErrorMessage = "RoleNameInvalid")]
    public string? Name { get; set; }

    public bool IsAdministrator { get; private set; }

    public IReadOnlyList<RoleInfo> Roles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (IsValid(nameof(Name)))
        {
            var problem = await api.CreateRoleAsync(Name!, cancellationToken);
            if (problem is null)
            {
                return Done(text["RoleCreated"]);
            }

            Problem = problem.ShowOnFields(ModelState, string.Empty, text["CheckTheFields"], nameof(Name));
        }

        ProblemFor = "create";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? role, CancellationToken cancellationToken)
    {
        Problem = string.IsNullOrEmpty(role) ? null : await api.DeleteRoleAsync(role, cancellationToken);
        if (Problem is null)
        {
            return Done(text["RoleDeleted"]);
        }

        ProblemFor = "delete";
        ModelState.Clear();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Roles = await api.GetRolesAsync(cancellationToken);
    }
}
