using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.RegistrationTokens;

/// <summary>
/// For administrators: the initial access tokens that let partners register clients (RFC 7591). Lists them with
/// their uses, creates one (shown once, on the page that answers the form), revokes one after a confirmation step.
/// </summary>
public sealed class IndexModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : PortalPageModel
{
    public bool IsAdministrator { get; private set; }

    public InitialAccessTokenList Tokens { get; private set; } = new([], [], []);

    [BindProperty]
    public NewTokenInput Input { get; set; } = new();

    /// <summary>The token just created: shown on this answer only.</summary>
    public CreatedInitialAccessToken? Created { get; private set; }

    /// <summary>The token whose revocation waits for confirmation.</summary>
    [BindProperty(SupportsGet = true, Name = "revoke")]
    public string? RevokeId { get; set; }

    /// <summary>Whether the form shows what was posted (refused) rather than a fresh form's defaults.</summary>
    public bool ShowsPosted => HttpMethods.IsPost(Request.Method) && Created is null;

    public InitialAccessTokenInfo? ToRevoke => Tokens.Tokens.FirstOrDefault(t => t.Id == RevokeId && t.RevokedAt is null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Tokens = await api.GetInitialAccessTokensAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        RevokeId = null;
        // A post without the form's fields binds nothing, so nothing was validated: validate what is there.
        if (IsValid(nameof(Input)) && TryValidateModel(Input, nameof(Input)))
        {
            var created = await api.CreateInitialAccessTokenAsync(new NewInitialAccessToken(
                Input.Name!.Trim(), DateTimeOffset.UtcNow.AddDays(Input.ExpiresInDays), Input.MultiUse, Input.Scopes, Input.GrantTypes), cancellationToken);
            Created = created.Value;
            Problem = created.Problem;
            ProblemFor = "create";
            if (Created is not null)
            {
                Input = new NewTokenInput();
                ModelState.Clear();
            }
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        Problem = await api.RevokeInitialAccessTokenAsync(id, cancellationToken);
        if (Problem is null)
        {
            return Done(text["TokenRevoked"], new { revoke = (string?)null });
        }

        ProblemFor = "revoke";
        RevokeId = null;
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
