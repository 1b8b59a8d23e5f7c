using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Aict.SsoPortal.Account;

/// <summary>
/// IdentityServer's account and administration APIs, called with the signed-in user's access token.
/// Reads throw on failure; changes return the API's <see cref="ApiProblem"/> (null when they succeeded).
/// The administration calls live beside it in <c>AccountApiClient.Admin*.cs</c>, one file per console area.
/// </summary>
public sealed partial class AccountApiClient(HttpClient http, IOptions<JsonOptions> json)
{
    public Task<UserProfile> GetProfileAsync(CancellationToken cancellationToken) => GetAsync<UserProfile>("api/account/profile", cancellationToken);

    public Task<ApiProblem?> UpdateProfileAsync(ProfileChange change, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "api/account/profile", change, cancellationToken);

    /// <summary>Asks for a link to <paramref name="email"/>; the account moves there only once the link is opened.</summary>
    public Task<ApiProblem?> RequestEmailChangeAsync(string email, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/account/email", new { email }, cancellationToken);

    public Task<List<LaunchableApp>> GetAppsAsync(CancellationToken cancellationToken) => GetAsync<List<LaunchableApp>>("api/account/apps", cancellationToken);

    public Task<List<ConnectedApp>> GetConsentsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<ConnectedApp>>("api/account/consents", cancellationToken);

    public Task<ApiProblem?> RevokeConsentAsync(string clientId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/account/consents/{Uri.EscapeDataString(clientId)}", null, cancellationToken);

    public Task<List<SessionInfo>> GetSessionsAsync(CancellationToken cancellationToken) =>
        GetAsync<List<SessionInfo>>("api/account/sessions", cancellationToken);

    public Task<ApiProblem?> EndSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/account/sessions/{Uri.EscapeDataString(sessionId)}", null, cancellationToken);

    public Task<ApiProblem?> EndOtherSessionsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "api/account/sessions?keepCurrent=true", null, cancellationToken);

    public Task<ApiProblem?> ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/account/password", new { currentPassword, newPassword }, cancellationToken);

    public Task<List<ActivityEntry>> GetActivityAsync(CancellationToken cancellationToken) =>
        GetAsync<List<ActivityEntry>>("api/account/activity", cancellationToken);

    public Task<List<PasskeyInfo>> GetPasskeysAsync(CancellationToken cancellationToken) =>
        GetAsync<List<PasskeyInfo>>("api/account/passkeys", cancellationToken);

    /// <summary>Creation options for the browser and the ceremony id to send back with its answer.</summary>
    public Task<ApiResult<PasskeyCeremony>> StartPasskeyRegistrationAsync(CancellationToken cancellationToken) =>
        SendAsync<PasskeyCeremony>(HttpMethod.Post, "api/account/passkeys/options", null, cancellationToken);

    /// <summary>Registers the passkey the browser created: its <c>credential.toJSON()</c> for the ceremony, under a name.</summary>
    public Task<ApiProblem?> AddPasskeyAsync(string ceremonyId, JsonElement credential, string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/account/passkeys", new { ceremonyId, credential, name }, cancellationToken);

    public Task<ApiProblem?> RenamePasskeyAsync(Guid id, string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"api/account/passkeys/{id}", new { name }, cancellationToken);

    public Task<ApiProblem?> RemovePasskeyAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/account/passkeys/{id}", null, cancellationToken);

    public Task<List<UserSummary>> FindUsersAsync(string? query, CancellationToken cancellationToken) =>
        GetAsync<List<UserSummary>>($"api/admin/users?query={Uri.EscapeDataString(query ?? string.Empty)}", cancellationToken);

    public Task<UserSummary> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync<UserSummary>($"api/admin/users/{Uri.EscapeDataString(userId)}", cancellationToken);

    public Task<List<SessionInfo>> GetUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        GetAsync<List<SessionInfo>>($"api/admin/users/{Uri.EscapeDataString(userId)}/sessions", cancellationToken);

    /// <summary>An administrator's action on a user: <c>lock</c>, <c>unlock</c> or <c>sign-out-everywhere</c>.</summary>
    public Task<ApiProblem?> ActOnUserAsync(string userId, string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/admin/users/{Uri.EscapeDataString(userId)}/{action}", null, cancellationToken);

    public Task<MfaSummary> GetMfaAsync(CancellationToken cancellationToken) => GetAsync<MfaSummary>("api/account/mfa", cancellationToken);

    public Task<ApiResult<TotpSetup>> BeginTotpAsync(CancellationToken cancellationToken) =>
        SendAsync<TotpSetup>(HttpMethod.Post, "api/account/mfa/totp", new { }, cancellationToken);

    public Task<ApiResult<FactorEnrolled>> ConfirmTotpAsync(string code, CancellationToken cancellationToken) =>
        SendAsync<FactorEnrolled>(HttpMethod.Post, "api/account/mfa/totp/confirm", new { code }, cancellationToken);

    public Task<ApiProblem?> RemoveTotpAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "api/account/mfa/totp", null, cancellationToken);

    /// <summary>Sends a code to the number, worded in the portal's current language.</summary>
    public Task<ApiResult<PhoneCodeSent>> SendPhoneCodeAsync(string phoneNumber, CancellationToken cancellationToken) =>
        SendAsync<PhoneCodeSent>(HttpMethod.Post, "api/account/mfa/phone", new { phoneNumber }, cancellationToken);

    public Task<ApiResult<PhoneCodeSent>> ResendPhoneCodeAsync(CancellationToken cancellationToken) =>
        SendAsync<PhoneCodeSent>(HttpMethod.Post, "api/account/mfa/phone/resend", new { }, cancellationToken);

    public Task<ApiResult<FactorEnrolled>> ConfirmPhoneAsync(string code, CancellationToken cancellationToken) =>
        SendAsync<FactorEnrolled>(HttpMethod.Post, "api/account/mfa/phone/confirm", new { code }, cancellationToken);

    public Task<ApiProblem?> RemovePhoneAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "api/account/mfa/phone", null, cancellationToken);

    public Task<ApiResult<NewRecoveryCodes>> RegenerateRecoveryCodesAsync(CancellationToken cancellationToken) =>
        SendAsync<NewRecoveryCodes>(HttpMethod.Post, "api/account/mfa/recovery-codes", new { }, cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(json.Value.SerializerOptions, cancellationToken)
            ?? throw new InvalidOperationException($"IdentityServer answered {path} with an empty body.");
    }

    private async Task<ApiProblem?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        (await SendAsync<object>(method, path, body, cancellationToken, readValue: false)).Problem;

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool readValue = true)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body, options: json.Value.SerializerOptions),
        };
        // IdentityServer words what it sends the user (an SMS code) in the portal's language.
        request.Headers.AcceptLanguage.ParseAdd(CultureInfo.CurrentUICulture.Name);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new ApiResult<T>(readValue ? await response.Content.ReadFromJsonAsync<T>(json.Value.SerializerOptions, cancellationToken) : null, null);
        }

        return new ApiResult<T>(null, await ProblemOfAsync(response, cancellationToken));
    }

    /// <summary>The refusal in a failed answer; a server fault (other than an SMS provider's outage) throws instead.</summary>
    private async Task<ApiProblem> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        // Client errors are the user's to fix, and so is waiting out an SMS provider's outage; anything else is a fault.
        if (response.StatusCode >= HttpStatusCode.InternalServerError && !(isProblem && response.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            response.EnsureSuccessStatusCode();
        }

        var problem = isProblem
            ? await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(json.Value.SerializerOptions, cancellationToken)
            : null;
        return new ApiProblem((int)response.StatusCode, problem?.Title, problem?.Detail,
            problem?.Errors.AsReadOnly() ?? new Dictionary<string, string[]>().AsReadOnly(), problem?.Type);
    }
}
