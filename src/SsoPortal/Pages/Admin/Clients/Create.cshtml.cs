using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Aict.SsoPortal.Pages.Admin.Clients;

/// <summary>Registers a client; its secret, made by IdentityServer, is shown on the response that created it and never again.</summary>
public sealed class CreateModel(AccountApiClient api, CurrentProfile profile, IStringLocalizer<SharedResource> text) : ClientPageModel(api, profile)
{
    /// <summary>The client just created, when this response is the one that created it.</summary>
    public AdminClientView? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await AdmitAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await AdmitAsync(cancellationToken))
        {
            return Page();
        }

        if (ReadForm(text["JwksNotJson"]) is not { } metadata)
        {
            return Page();
        }

        var result = await Api.CreateClientAsync(metadata, cancellationToken);
        if (result.Problem is { } problem)
        {
            ShowClientProblem(problem);
            return Page();
        }

        Created = result.Value!.Client;
        NewSecret = result.Value.ClientSecret;
        KeepOutOfCaches();
        return Page();
    }
}
