using Aict.SsoPortal.Account;
using Microsoft.AspNetCore.Mvc;

namespace Aict.SsoPortal.Pages.Admin.Clients;

/// <summary>
/// What the client pages share: only administrators get the forms (IdentityServer checks the role on every call),
/// the scopes offered as checkboxes, and IdentityServer's refusals put beside the fields they name.
/// </summary>
public abstract class ClientPageModel(AccountApiClient api, CurrentProfile profile) : PortalPageModel
{
    protected AccountApiClient Api => api;

    public bool IsAdministrator { get; private set; }

    [BindProperty]
    public ClientInput Client { get; set; } = new();

    /// <summary>The scopes a client may be given: every scope the server knows.</summary>
    public IReadOnlyList<AdminScopeView> ScopeChoices { get; private set; } = [];

    /// <summary>A new secret (after creation or rotation): shown on this response only, never stored by the portal.</summary>
    public string? NewSecret { get; protected set; }

    /// <summary>Whether the caller is an administrator; otherwise the response is a 403 with the page's explanation.</summary>
    protected async Task<bool> AdmitAsync(CancellationToken cancellationToken)
    {
        IsAdministrator = (await profile.GetAsync()).IsAdministrator;
        if (!IsAdministrator)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        ScopeChoices = await api.GetScopesAsync(cancellationToken);
        return true;
    }

    /// <summary>Shows the refusal above the form and each field's message beside its field.</summary>
    protected void ShowClientProblem(ApiProblem problem)
    {
        Problem = problem;
        ProblemFor = "client";
        foreach (var (key, messages) in problem.Errors)
        {
            if (ClientInput.FieldOf(key) is { } field)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError($"{nameof(Client)}.{field}", message);
                }
            }
        }
    }

    /// <summary>The form's metadata, or null (with the field's message) when the JWK Set is not JSON.</summary>
    protected ClientMetadataModel? ReadForm(string jwksNotJson)
    {
        var metadata = IsValid(nameof(Client)) ? Client.ToMetadata() : null;
        if (metadata is null && IsValid(nameof(Client)))
        {
            ModelState.AddModelError($"{nameof(Client)}.{nameof(ClientInput.Jwks)}", jwksNotJson);
        }

        return metadata;
    }

    /// <summary>A page with a secret on it is never kept by a browser or proxy cache.</summary>
    protected void KeepOutOfCaches() => Response.Headers.CacheControl = "no-store";
}
