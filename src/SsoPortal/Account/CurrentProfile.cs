namespace Aict.SsoPortal.Account;

/// <summary>The signed-in user's profile, read from the account API at most once per request (the layout and the page share it).</summary>
public sealed class CurrentProfile(AccountApiClient api, IHttpContextAccessor accessor)
{
    private Task<UserProfile>? _profile;

    public Task<UserProfile> GetAsync() =>
        _profile ??= api.GetProfileAsync(accessor.HttpContext?.RequestAborted ?? CancellationToken.None);

    /// <summary>Whether the navigation offers the admin page; false when IdentityServer cannot say, so the error page still renders.</summary>
    public async Task<bool> IsAdministratorAsync()
    {
        try
        {
            return (await GetAsync()).IsAdministrator;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
