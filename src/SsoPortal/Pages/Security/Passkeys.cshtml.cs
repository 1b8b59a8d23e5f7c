using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Security;

/// <summary>
/// The user's passkeys: add one (the browser's WebAuthn ceremony, run by passkeys.js), rename or remove one.
/// Adding and removing need a recent sign-in: when IdentityServer asks for one, the user signs in again first.
/// </summary>
public sealed class PasskeysModel(AccountApiClient api, IStringLocalizer<SharedResource> text) : PortalPageModel
{

    public IReadOnlyList<PasskeyInfo> Passkeys { get; private set; } = [];

    [BindProperty]
    public NewPasskeyInput NewPasskey { get; set; } = new();

    /// <summary>The new name typed into one passkey's rename form.</summary>
    [BindProperty]
    public string? NewName { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Passkeys = [.. (await api.GetPasskeysAsync(cancellationToken)).OrderByDescending(p => p.CreatedAt)];

    /// <summary>Creation options for the page's script; a recent sign-in first when IdentityServer wants one.</summary>
    public async Task<IActionResult> OnPostOptionsAsync(CancellationToken cancellationToken)
    {
        var (ceremony, problem) = await api.StartPasskeyRegistrationAsync(cancellationToken);
        return ceremony is not null
            ? new JsonResult(ceremony)
            : problem?.NeedsRecentSignIn == true
                ? new JsonResult(new { location = Url.Page("/Security/Passkeys", "SignInAgain") })
                : new JsonResult(new { messageKey = "passkeyFailed" }) { StatusCode = StatusCodes.Status400BadRequest };
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        ProblemFor = "add";
        if (IsValid(nameof(NewPasskey)) && ReadCredential(NewPasskey.Credential) is { } credential)
        {
            Problem = await api.AddPasskeyAsync(NewPasskey.CeremonyId ?? string.Empty, credential, NewPasskey.Name!, cancellationToken);
            if (Problem is null)
            {
                return Done(text["PasskeyAdded"]);
            }
        }
        else if (IsValid(nameof(NewPasskey)))
        {
            ModelState.AddModelError($"{nameof(NewPasskey)}.{nameof(NewPasskeyInput.Name)}", text["PasskeyNotCreated"]);
        }

        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid id, CancellationToken cancellationToken)
    {
        ProblemFor = id.ToString();
        Problem = await api.RenamePasskeyAsync(id, NewName ?? string.Empty, cancellationToken);
        return Problem is null ? Done(text["PasskeyRenamed"]) : await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        ProblemFor = id.ToString();
        Problem = await api.RemovePasskeyAsync(id, cancellationToken);
        return Problem is null ? Done(text["PasskeyRemoved"]) : await ShowAsync(cancellationToken);
    }

    /// <summary>Signs in again at IdentityServer (max_age=0), back to this page, so that a change may follow.</summary>
    public IActionResult OnGetSignInAgain() => SignInAgain(Url.Page("/Security/Passkeys")!);

    /// <summary>Whether IdentityServer refused the change for want of a recent sign-in.</summary>
    public bool NeedsRecentSignIn => Problem?.NeedsRecentSignIn == true;

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Page();
    }

    private static JsonElement? ReadCredential(string? json)
    {
        try
        {
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<JsonElement>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A new passkey: its name, and what the browser's ceremony filled in.</summary>
public sealed class NewPasskeyInput
{
    [Required(ErrorMessage = "PasskeyNameRequired")]
    [StringLength(100, ErrorMessage = "PasskeyNameTooLong")]
    public string? Name { get; set; }

    public string? CeremonyId { get; set; }

    /// <summary>The browser's <c>credential.toJSON()</c>.</summary>
    public string? Credential { get; set; }
}
