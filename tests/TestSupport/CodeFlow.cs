namespace Aict.TestSupport;

/// <summary>The code flow through the real pages: authorize, sign in, (consent), code, tokens.</summary>
public sealed class CodeFlow(IdentityServerFactory factory)
{
    public Browser Browser { get; } = factory.CreateBrowser();

    public TokenClient Tokens { get; } = new(factory.CreateBackChannel());

    public TokenValidator Validator { get; } = new(factory.CreateBackChannel());

    /// <summary>
    /// Starts the request, signs in on the page (with the authenticator app's code when the user has
    /// one), accepts consent when asked, and returns the redirect to the client.
    /// </summary>
    public async Task<AuthorizationResponse> AuthorizeAsync(AuthorizationRequest request, DemoUser user)
    {
        var page = await Browser.GoAsync(request.Url);
        if (page.LeftTo is null && page.Path == "/account/login")
        {
            page = await Browser.SignInAsync(page, user.Email, user.Password);
        }

        if (page.LeftTo is null && page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase) && user.TotpSecret is { } secret)
        {
            page = await Browser.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = factory.Authenticator.NextCode(secret) });
        }

        if (page.LeftTo is null && page.Path == "/consent")
        {
            page = await Browser.SubmitAsync(page, new Dictionary<string, string>(), "button[formaction*='handler=Accept']");
        }

        Assert.True(page.LeftTo is not null, $"Expected a redirect to the client, got {page.Status} {page.Url}:\n{page.Html}");
        return new AuthorizationResponse(page.LeftTo);
    }

    /// <summary>Sends the request with <c>prompt=none</c> (set on it): what the client gets back when no page may be shown.</summary>
    public async Task<AuthorizationResponse> AuthorizeSilentlyAsync(AuthorizationRequest request)
    {
        request.Parameters["prompt"] = "none";
        var page = await Browser.GoAsync(request.Url);
        Assert.True(page.LeftTo is not null, $"Expected a redirect to the client, got {page.Status} {page.Url}:\n{page.Html}");
        return new AuthorizationResponse(page.LeftTo);
    }

    /// <summary>The whole flow to tokens, asserting each step succeeded.</summary>
    public async Task<TokenResponse> SignInAsync(AuthorizationRequest request, DemoUser user)
    {
        var response = await AuthorizeAsync(request, user);
        Assert.Null(response.Error);
        Assert.Equal(request.State, response.State);
        var tokens = await Tokens.RedeemAsync(request, response.Code!);
        Assert.True(tokens.AccessToken is not null, $"Token request failed: {tokens.Json}");
        return tokens;
    }
}
