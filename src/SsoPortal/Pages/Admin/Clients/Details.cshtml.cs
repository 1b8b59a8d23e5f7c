using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Clients;

/// <summary>
/// One client: edit what it may do, give it a new secret (shown once; the old one stops working at once),
/// disable or enable it, delete it after typing its id. The portal's own client offers only the edit.
/// </summary>
public sealed class DetailsModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : ClientPageModel(api, profile)
{
    [BindProperty(SupportsGet = true)]
    public string ClientId { get; set; } = string.Empty;

    public AdminClientView Current { get; private set; } = null!;

    /// <summary>A status shown on this response (one that carries a secret, so not a redirect).</summary>
    public string? Status { get; private set; }

    /// <summary>The client id typed to confirm a deletion.</summary>
    [BindProperty]
    public string? ConfirmClientId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return IsAdministrator ? NotFound() : Page();
        }

        Client = ClientInput.From(Current.Metadata);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return IsAdministrator ? NotFound() : Page();
        }

        if (ReadForm(text["JwksNotJson"]) is not { } metadata)
        {
            return Page();
        }

        var result = await Api.UpdateClientAsync(ClientId, metadata with { ClientId = ClientId }, cancellationToken);
        if (result.Problem is { } problem)
        {
            ShowClientProblem(problem);
            return Page();
        }

        if (result.Value!.ClientSecret is { } secret)
        {
            // The change made the client use a secret: this response is the only place it is ever shown.
            return await ShowSecretAsync(secret, text["ClientSaved"], cancellationToken);
        }

        return Done(text["ClientSaved"], new { clientId = ClientId });
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        var result = await Api.RotateClientSecretAsync(ClientId, cancellationToken);
        return result.Problem is { } problem
            ? await ShowActionProblemAsync(problem, cancellationToken)
            : await ShowSecretAsync(result.Value!.ClientSecret, text["ClientSecretRotated"], cancellationToken);
    }

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) =>
        ActAsync(Api.SetClientDisabledAsync(ClientId, disabled: true, cancellationToken), text["ClientDisabledStatus"], cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) =>
        ActAsync(Api.SetClientDisabledAsync(ClientId, disabled: false, cancellationToken), text["ClientEnabledStatus"], cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(ConfirmClientId?.Trim(), ClientId, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(ConfirmClientId), text["ConfirmClientIdMismatch"]);
            return await ShowPageAsync(cancellationToken);
        }

        if (await Api.DeleteClientAsync(ClientId, cancellationToken) is { } problem)
        {
            return await ShowActionProblemAsync(problem, cancellationToken);
        }

        TempData[StatusKey] = text["ClientDeletedStatus"].Value;
        return RedirectToPage("/Admin/Clients/Index");
    }

    private async Task<IActionResult> ActAsync(Task<ApiProblem?> action, string status, CancellationToken cancellationToken) =>
        await action is { } problem ? await ShowActionProblemAsync(problem, cancellationToken) : Done(status, new { clientId = ClientId });

    private async Task<IActionResult> ShowActionProblemAsync(ApiProblem problem, CancellationToken cancellationToken)
    {
        Problem = problem;
        ProblemFor = "actions";
        return await ShowPageAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowSecretAsync(string secret, string status, CancellationToken cancellationToken)
    {
        NewSecret = secret;
        Status = status;
        KeepOutOfCaches();
        return await ShowPageAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowPageAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return IsAdministrator ? NotFound() : Page();
        }

        foreach (var key in ModelState.Keys.Where(key => key.StartsWith($"{nameof(Client)}.", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        Client = ClientInput.From(Current.Metadata);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await AdmitAsync(cancellationToken) || await Api.FindClientAsync(ClientId, cancellationToken) is not { } client)
        {
            return false;
        }

        Current = client;
        return true;
    }
}
