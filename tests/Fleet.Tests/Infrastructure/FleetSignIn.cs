using OtpNet;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>
/// A user's browser and a client's back channel at the fleet's IdentityServer, each sent through the gateway or
/// pinned to an instance, so that one flow can start on one instance and go on at the other.
/// </summary>
public sealed class FleetSignIn(FleetFixture fleet) : IDisposable
{
    private readonly FleetClient _pages = FleetFixture.CreateClient(fleet.Identity, cookies: true);
    private readonly FleetClient _backChannel = FleetFixture.CreateClient(fleet.Identity);

    public Browser Browser => field ??= new Browser(_pages.Http);

    public TokenClient Tokens => field ??= new TokenClient(_backChannel.Http);

    /// <summary>The instance the browser's next requests go to; null for the gateway's round robin.</summary>
    public string? PagesOn
    {
        get => _pages.Instance;
        set => _pages.Instance = value;
    }

    /// <summary>The instance the client's next token, introspection or revocation request goes to.</summary>
    public string? BackChannelOn
    {
        get => _backChannel.Instance;
        set => _backChannel.Instance = value;
    }

    /// <summary>Goes to the authorization endpoint and signs in with the password: the next page (a second factor, consent) or the redirect to the client.</summary>
    public async Task<Navigation> StartAsync(AuthorizationRequest request, DemoUser user)
    {
        var page = await Browser.GoAsync(request.Url);
        Assert.True(page.LeftTo is null && page.Path == "/account/login", $"Expected the sign-in page, got {page.Status} {page.Url}:\n{page.Html}");
        return await Browser.SignInAsync(page, user.Email, user.Password);
    }

    /// <summary>Answers the second-factor page with the code the user's authenticator app shows now.</summary>
    public async Task<Navigation> AnswerTotpAsync(Navigation page, DemoUser user)
    {
        Assert.True(page.LeftTo is null && page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase), $"Expected the MFA page, got {page.Status} {page.Url}:\n{page.Html}");
        var code = new Totp(Base32Encoding.ToBytes(user.TotpSecret)).ComputeTotp(DateTime.UtcNow);
        return await Browser.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = code });
    }

    public async Task<Navigation> AcceptConsentAsync(Navigation page)
    {
        Assert.True(page.LeftTo is null && page.Path == "/consent", $"Expected the consent page, got {page.Status} {page.Url}:\n{page.Html}");
        return await Browser.SubmitAsync(page, new Dictionary<string, string>(), "button[formaction*='handler=Accept']");
    }

    /// <summary>The whole flow to tokens (second factor and consent as asked), on the instances set at the time.</summary>
    public async Task<TokenResponse> SignInAsync(AuthorizationRequest request, DemoUser user)
    {
        var page = await StartAsync(request, user);
        if (page.LeftTo is null && page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase))
        {
            page = await AnswerTotpAsync(page, user);
        }

        if (page.LeftTo is null && page.Path == "/consent")
        {
            page = await AcceptConsentAsync(page);
        }

        return await RedeemAsync(request, page);
    }

    /// <summary>Redeems the code of the redirect that <paramref name="page"/> ended with, asserting each step succeeded.</summary>
    public async Task<TokenResponse> RedeemAsync(AuthorizationRequest request, Navigation page)
    {
        Assert.True(page.LeftTo is not null, $"Expected a redirect to the client, got {page.Status} {page.Url}:\n{page.Html}");
        var response = new AuthorizationResponse(page.LeftTo);
        Assert.True(response.Error is null, $"{response.Error}: {response.ErrorDescription}");
        Assert.Equal(request.State, response.State);
        Assert.Equal(fleet.Issuer, response.Issuer);
        var tokens = await Tokens.RedeemAsync(request, response.Code!);
        Assert.True(tokens.AccessToken is not null, $"Token request failed: {tokens.Json}");
        return tokens;
    }

    public void Dispose()
    {
        Browser.Dispose();
        _backChannel.Dispose();
    }
}
