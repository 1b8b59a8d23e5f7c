using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Aict.TestSupport;

/// <summary>Where a navigation ended: a page of the server, or a redirect that leaves it (to a client app).</summary>
public sealed record Navigation(HttpStatusCode Status, Uri Url, string Html, Uri? LeftTo)
{
    public IHtmlDocument Document => new HtmlParser().ParseDocument(Html);

    public string Path => Url.AbsolutePath;

    /// <summary>The headers of the last response: the page's, or those of the redirect that left.</summary>
    public required HttpResponseHeaders Headers { get; init; }

    /// <summary>Every Set-Cookie header received on the way, redirects included.</summary>
    public IReadOnlyList<string> SetCookies { get; init; } = [];
}

/// <summary>
/// Drives the hosted pages as a browser would: keeps cookies, follows the server's own redirects,
/// fills forms and posts them with their anti-forgery token.
/// </summary>
public sealed class Browser(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<Navigation> GoAsync(string url) => await FollowAsync(await http.GetAsync(url));

    /// <summary>Posts the page's form (the one holding <paramref name="button"/>, or the first) with the given fields.</summary>
    public async Task<Navigation> SubmitAsync(Navigation page, IReadOnlyDictionary<string, string> fields, string? button = null)
    {
        var document = page.Document;
        var form = button is null
            ? (document.Forms.Length > 0 ? document.Forms[0] : null) ?? throw new InvalidOperationException($"No form on {page.Url}:\n{page.Html}")
            : document.QuerySelector(button)?.Closest("form") as IHtmlFormElement
                ?? throw new InvalidOperationException($"No button '{button}' on {page.Url}");

        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .ToDictionary(input => input.Name!, input => input.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = (button is null ? null : document.QuerySelector(button)?.GetAttribute("formaction"))
            ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        return await FollowAsync(await http.PostAsync(target, new FormUrlEncodedContent(values)));
    }

    public async Task<Navigation> SignInAsync(Navigation loginPage, string email, string password) =>
        await SubmitAsync(loginPage, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private async Task<Navigation> FollowAsync(HttpResponseMessage response)
    {
        var setCookies = new List<string>();
        for (var hops = 0; hops < 10; hops++)
        {
            var url = response.RequestMessage!.RequestUri!;
            setCookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                return new Navigation(response.StatusCode, url, await response.Content.ReadAsStringAsync(), LeftTo: null)
                {
                    Headers = response.Headers,
                    SetCookies = setCookies,
                };
            }

            var location = new Uri(url, response.Headers.Location!);
            if (location.Scheme != Uri.UriSchemeHttp || location.Authority != url.Authority)
            {
                return new Navigation(response.StatusCode, url, string.Empty, location) { Headers = response.Headers, SetCookies = setCookies };
            }

            response = await http.GetAsync(location);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose() => http.Dispose();
}
