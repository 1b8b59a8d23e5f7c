using System.Net;
using System.Net.Http.Json;

namespace Aict.SsoPortal.Account;

/// <summary>The admin console's clients, scopes and API resources (<c>/api/admin/clients</c>, <c>/scopes</c>, <c>/resources</c>).</summary>
public sealed partial class AccountApiClient
{
    public Task<List<AdminClientLine>> GetClientsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<AdminClientLine>>("api/admin/clients", cancellationToken);

    /// <summary>The client, or null when there is no such client.</summary>
    public async Task<AdminClientView?> FindClientAsync(string clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/admin/clients/{Uri.EscapeDataString(clientId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<AdminClientView>(json.Value.SerializerOptions, cancellationToken);
    }

    public Task<ApiResult<AdminClientSaved>> CreateClientAsync(ClientMetadataModel metadata, CancellationToken cancellationToken) =>
        SendAsync<AdminClientSaved>(HttpMethod.Post, "api/admin/clients", metadata, cancellationToken);

    public Task<ApiResult<AdminClientSaved>> UpdateClientAsync(string clientId, ClientMetadataModel metadata, CancellationToken cancellationToken) =>
        SendAsync<AdminClientSaved>(HttpMethod.Put, $"api/admin/clients/{Uri.EscapeDataString(clientId)}", metadata, cancellationToken);

    public Task<ApiResult<AdminClientSecret>> RotateClientSecretAsync(string clientId, CancellationToken cancellationToken) =>
        SendAsync<AdminClientSecret>(HttpMethod.Post, $"api/admin/clients/{Uri.EscapeDataString(clientId)}/secret", new { }, cancellationToken);

    public Task<ApiProblem?> SetClientDisabledAsync(string clientId, bool disabled, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/admin/clients/{Uri.EscapeDataString(clientId)}/{(disabled ? "disable" : "enable")}", null, cancellationToken);

    public Task<ApiProblem?> DeleteClientAsync(string clientId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/admin/clients/{Uri.EscapeDataString(clientId)}", null, cancellationToken);

    public Task<List<AdminScopeView>> GetScopesAsync(CancellationToken cancellationToken) =>
        GetAsync<List<AdminScopeView>>("api/admin/scopes", cancellationToken);

    public Task<ApiProblem?> CreateScopeAsync(AdminScopeInput scope, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/admin/scopes", scope, cancellationToken);

    public Task<ApiProblem?> UpdateScopeAsync(string name, AdminScopeInput scope, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"api/admin/scopes/{Uri.EscapeDataString(name)}", scope, cancellationToken);

    public Task<ApiProblem?> DeleteScopeAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/admin/scopes/{Uri.EscapeDataString(name)}", null, cancellationToken);

    public Task<List<AdminApiResource>> GetApiResourcesAsync(CancellationToken cancellationToken) =>
        GetAsync<List<AdminApiResource>>("api/admin/resources", cancellationToken);
}
