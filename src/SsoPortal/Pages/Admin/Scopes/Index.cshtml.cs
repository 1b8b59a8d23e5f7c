using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Scopes;

/// <summary>
/// Scopes (create, edit, delete; built-in ones are read-only) and the API resources they grant. IdentityServer
/// refuses to delete or rename a scope that a client is still allowed, and says which clients.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = nameof(ScopeInput.Name),
        ["displayName"] = nameof(ScopeInput.DisplayName),
        ["description"] = nameof(ScopeInput.Description),
        ["resources"] = nameof(ScopeInput.Resources),
    };

    public bool IsAdministrator { get; private set; }

    /// <summary>The scope being edited (<c>?edit=</c>), when there is one.</summary>
    [BindProperty(SupportsGet = true, Name = "edit")]
    public string? Editing { get; set; }

    [BindProperty]
    public ScopeInput NewScope { get; set; } = new();

    [BindProperty]
    public ScopeInput Scope { get; set; } = new();

    public IReadOnlyList<AdminScopeView> Scopes { get; private set; } = [];

    public IReadOnlyList<AdminApiResource> Resources { get; private set; } = [];

    public AdminScopeView? Edited => Scopes.FirstOrDefault(scope => scope.Name == Editing && !scope.BuiltIn);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) && Edited is { } edited)
        {
            Scope = ScopeInput.From(edited);
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (IsValid(nameof(NewScope)))
        {
            if (await api.CreateScopeAsync(NewScope.ToApi(), cancellationToken) is not { } problem)
            {
                return Done(text["ScopeCreated"], new { edit = (string?)null });
            }

            Show(problem, "new-scope", nameof(NewScope));
        }

        Editing = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, CancellationToken cancellationToken)
    {
        if (IsValid(nameof(Scope)))
        {
            if (await api.UpdateScopeAsync(name, Scope.ToApi(), cancellationToken) is not { } problem)
            {
                return Done(text["ScopeSaved"], new { edit = (string?)null });
            }

            Show(problem, "scope", nameof(Scope));
        }

        Editing = name;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (await api.DeleteScopeAsync(name, cancellationToken) is not { } problem)
        {
            return Done(text["ScopeDeleted"], new { edit = (string?)null });
        }

        Show(problem, "scope", nameof(Scope));
        Editing = name;
        if (await LoadAsync(cancellationToken) && Edited is { } edited)
        {
            ModelState.Clear();
            Scope = ScopeInput.From(edited);
        }

        return Page();
    }

    private void Show(ApiProblem problem, string form, string prefix)
    {
        Problem = problem;
        ProblemFor = form;
        foreach (var (key, messages) in problem.Errors)
        {
            if (Fields.TryGetValue(key, out var field))
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError($"{prefix}.{field}", message);
                }
            }
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        Scopes = await api.GetScopesAsync(cancellationToken);
        Resources = await api.GetApiResourcesAsync(cancellationToken);
        return true;
    }
}
