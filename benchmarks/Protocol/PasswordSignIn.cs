using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// One whole password sign-in as a browser and a confidential client do it: authorize, the sign-in page, the
/// posted form with its anti-forgery token, the code, then the token request with PKCE S256 and client_secret_basic.
/// Redirects are read from <c>Location</c>; cookies live for one sign-in, so each starts without a session.
/// </summary>
internal sealed class PasswordSignIn(HttpClient identity)
{
    public const string ClientId = "channel-web";
    public const string ClientSecret = "channel-web-dev-secret";
    public const string RedirectUri = "http://localhost:5400/signin-oidc";
    public const string Scope = "openid offline_access products:read";

    private static readonly HtmlParser Parser = new();
    private static readonly AuthenticationHeaderValue ClientAuthentication =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));

    /// <summary>Signs in <paramref name="count"/> times and writes the refresh tokens to a file, one a line (refresh-token.lua's pool).</summary>
    public static async Task WriteRefreshTokensAsync(Uri identity, int count, string path, CancellationToken cancellationToken)
    {
        var tokens = new string[count];
        // A few at a time: the password hash makes each sign-in cost tens of milliseconds of CPU.
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                using var client = SignInLoad.CreateClient(identity);
                tokens[i] = await new PasswordSignIn(client).SignInAsync(token);
            });
        await File.WriteAllLinesAsync(path, tokens, cancellationToken);
    }

    /// <summary>Signs the demo user alice in and returns the token response's refresh token.</summary>
    /// <param name="scope">The scopes asked for; the fleet drills add the order scopes.</param>
    public async Task<string> SignInAsync(CancellationToken cancellationToken, string scope = Scope)
    {
        var cookies = new CookieContainer();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });

        var (page, pageUrl) = await FollowToPageAsync(new Uri(identity.BaseAddress!, authorize), cookies, cancellationToken);
        var forms = Parser.ParseDocument(page).Forms;
        var form = (forms.Length > 0 ? forms[0] : null) ?? throw new SignInFailedException($"No sign-in form at {pageUrl}");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(input => !string.IsNullOrEmpty(input.Name))
            .ToDictionary(input => input.Name!, input => input.Value);
        fields["Input.Email"] = "alice@example.com";
        fields["Input.Password"] = "Alice#2026dev";
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : new Uri(pageUrl, action);

        using var post = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(fields) };
        var callback = await FollowToClientAsync(post, cookies, cancellationToken);
        var query = QueryHelpers.ParseQuery(callback.Query);
        if (query["state"] != state || query["code"].FirstOrDefault() is not { } code)
        {
            throw new SignInFailedException($"The client got no code: {callback}");
        }

        return await RedeemAsync(code, verifier, cancellationToken);
    }

    private async Task<string> RedeemAsync(string code, string verifier, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Headers = { Authorization = ClientAuthentication },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = RedirectUri,
                ["code_verifier"] = verifier,
            }),
        };
        using var response = await identity.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var json = JsonDocument.Parse(body);
        return response.IsSuccessStatusCode && json.RootElement.TryGetProperty("refresh_token", out var refresh)
            ? refresh.GetString()!
            : throw new SignInFailedException($"Token request answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Follows the server's own redirects (GET) until a page answers 200.</summary>
    private async Task<(string Html, Uri Url)> FollowToPageAsync(Uri url, CookieContainer cookies, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await SendAsync(request, cookies, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadAsStringAsync(cancellationToken), url);
            }

            url = Redirect(response, url) ?? throw new SignInFailedException($"{url} answered {(int)response.StatusCode}");
        }

        throw new SignInFailedException("Too many redirects before the sign-in page.");
    }

    /// <summary>Sends the request and follows redirects until one leaves the server for the client's redirect URI.</summary>
    private async Task<Uri> FollowToClientAsync(HttpRequestMessage first, CookieContainer cookies, CancellationToken cancellationToken)
    {
        var request = first;
        for (var hops = 0; hops < 5; hops++)
        {
            var url = request.RequestUri!;
            using var response = await SendAsync(request, cookies, cancellationToken);
            var location = Redirect(response, url)
                ?? throw new SignInFailedException($"{request.Method} {url} answered {(int)response.StatusCode}, not a redirect");
            if (location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                return location;
            }

            request = new HttpRequestMessage(HttpMethod.Get, location);
        }

        throw new SignInFailedException("Too many redirects after the sign-in form.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CookieContainer cookies, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(identity.BaseAddress!, request.RequestUri);
        var header = cookies.GetCookieHeader(url);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await identity.SendAsync(request, cancellationToken);
        foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            cookies.SetCookies(url, cookie);
        }

        return response;
    }

    private static Uri? Redirect(HttpResponseMessage response, Uri from) =>
        (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location ? new Uri(from, location) : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A sign-in that did not end with tokens: counted as an error by the load, not thrown past it.</summary>
internal sealed class SignInFailedException(string message) : Exception(message);
