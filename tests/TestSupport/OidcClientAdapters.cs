using System.Security.Claims;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Duende.IdentityModel.OidcClient.Results;

namespace Aict.TestSupport;

/// <summary>Lets the certified OidcClient library use the test Browser for the front channel: sign in, consent, redirect.</summary>
public sealed class SigningInBrowser(Browser browser, DemoUser user) : IBrowser
{
    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        var page = await browser.GoAsync(options.StartUrl);
        if (page.LeftTo is null && page.Path == "/account/login")
        {
            page = await browser.SignInAsync(page, user.Email, user.Password);
        }

        if (page.LeftTo is null && page.Path == "/consent")
        {
            page = await browser.SubmitAsync(page, new Dictionary<string, string>(), "button[formaction*='handler=Accept']");
        }

        return page.LeftTo is { } location && location.ToString().StartsWith(options.EndUrl, StringComparison.Ordinal)
            ? new BrowserResult { ResultType = BrowserResultType.Success, Response = location.ToString() }
            : new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = $"Ended on {page.Url} ({page.Status})" };
    }
}

/// <summary>OidcClient's ID token validation, done by Microsoft.IdentityModel against the published JWKS.</summary>
public sealed class JwksIdentityTokenValidator(TokenValidator validator) : IIdentityTokenValidator
{
    public async Task<IdentityTokenValidationResult> ValidateAsync(string identityToken, OidcClientOptions options, CancellationToken cancellationToken = default)
    {
        var token = await validator.ValidateAsync(identityToken, options.ClientId, "JWT");
        return new IdentityTokenValidationResult
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(token.Claims, "oidc", "name", "role")),
            SignatureAlgorithm = token.Alg,
        };
    }
}
