namespace Aict.SsoPortal.Account;

/// <summary>The signed-in user's profile, read from the account API at most once per request (the layout and the page share it).</summary>
public sealed class CurrentProfile(AccountApiClient api, IHttpContextAccessor accessor)
{
    private Task<Profile>? _profile;

    public Task<Profile> GetAsync() =>
        _profile ??= api.GetProfileAsync(accessor.HttpContext?.RequestAborted ?? CancellationToken.None);
}
