using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport.Robustness;

/// <summary>
/// Sends <see cref="BadInput"/> to a server and collects every answer that is a 5xx, and every refusal
/// (4xx, or a form shown again) after which the database is not as it was.
/// </summary>
public sealed class RobustnessProbe(Func<Task<IReadOnlyDictionary<string, string>>> databaseFingerprint)
{
    private readonly List<string> _failures = [];
    private readonly SortedDictionary<int, int> _answers = [];
    private bool _probedEndpoints;

    public int RequestsSent => _answers.Values.Sum();

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>How many answers had each status code: shows that the probe reached the handlers, not only the doors.</summary>
    public IReadOnlyDictionary<int, int> Answers => _answers;

    /// <summary>
    /// Fails the test with every failure, and, when JSON endpoints were probed, when no bad input reached a
    /// handler's own validation (no 400 at all). Forms show their validation on the page again (200).
    /// </summary>
    public void AssertNoFailures()
    {
        var answers = string.Join(", ", _answers.Select(answer => $"{answer.Key}: {answer.Value}"));
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {RequestsSent} requests failed ({answers}):\n{string.Join("\n", _failures)}");
        Assert.True(!_probedEndpoints || _answers.GetValueOrDefault(400) > 0, $"No request reached a handler's validation ({answers})");
    }

    /// <summary>
    /// Every minimal-API endpoint of <paramref name="services"/> that <paramref name="include"/> selects:
    /// bad route values, bad query values, malformed bodies, bodies of the wrong shape, the wrong content type.
    /// </summary>
    public async Task ProbeJsonEndpointsAsync(IServiceProvider services, HttpClient client, Func<RouteEndpoint, bool>? include = null)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<ActionDescriptor>() is null)
            .Where(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Where(endpoint => include?.Invoke(endpoint) ?? true)
            .ToList();
        Assert.NotEmpty(endpoints);
        _probedEndpoints = true;
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                await ProbeAsync(client, endpoint, new HttpMethod(method));
            }
        }
    }

    /// <summary>
    /// Every field of every form on the page that <paramref name="open"/> reaches, sent to the form's action
    /// and to each button's own action: one bad value at a time, each field twice, and no fields. The
    /// page is opened again, in the browser <paramref name="open"/> returns, before each post.
    /// </summary>
    public async Task ProbeFormsAsync(Func<Task<(Browser Browser, Navigation Page)>> open)
    {
        var (_, page) = await open();
        Assert.True(page.Status == HttpStatusCode.OK, $"{page.Url} answered {page.Status}");
        var forms = page.Document.Forms.ToList();
        Assert.NotEmpty(forms);
        for (var index = 0; index < forms.Count; index++)
        {
            var fields = forms[index].Elements.OfType<IHtmlInputElement>().Select(input => input.Name)
                .Concat(forms[index].Elements.OfType<IHtmlTextAreaElement>().Select(input => input.Name))
                .Concat(forms[index].Elements.OfType<IHtmlSelectElement>().Select(input => input.Name))
                .Where(name => !string.IsNullOrEmpty(name) && name != "__RequestVerificationToken")
                .Select(name => name!)
                .Distinct()
                .ToList();
            for (var action = 0; action < Actions(forms[index], page.Url).Count; action++)
            {
                foreach (var field in fields)
                {
                    foreach (var value in BadInput.Texts)
                    {
                        await PostFormAsync(open, index, action, form => form[field] = [value], $"{field}={Describe(value)}");
                    }

                    await PostFormAsync(open, index, action, form => form[field] = ["one", "two"], $"{field} twice");
                }

                await PostFormAsync(open, index, action, form =>
                {
                    foreach (var field in fields)
                    {
                        form.Remove(field);
                    }
                }, "no fields");
            }
        }
    }

    private async Task ProbeAsync(HttpClient client, RouteEndpoint endpoint, HttpMethod method)
    {
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        var validPath = PathWith(endpoint.RoutePattern, _ => Guid.NewGuid().ToString());
        foreach (var value in BadInput.RouteValues.Where(_ => endpoint.RoutePattern.Parameters.Count > 0))
        {
            await SendAsync(client, method, PathWith(endpoint.RoutePattern, _ => value), accepts is null ? null : Json("{}"), $"route value {Describe(value)}");
        }

        foreach (var parameter in QueryParameters(endpoint))
        {
            foreach (var value in BadInput.Texts)
            {
                await SendAsync(client, method, $"{validPath}?{parameter}={Uri.EscapeDataString(value)}", accepts is null ? null : Json("{}"), $"query {parameter}={Describe(value)}");
            }
        }

        // A body where the endpoint declares one, and on every POST, PUT and PATCH: some read their body themselves.
        if (accepts is null && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete))
        {
            return;
        }

        foreach (var body in BadInput.MalformedJson)
        {
            await SendAsync(client, method, validPath, Json(body), $"body {Describe(Encoding.UTF8.GetString(body))}");
        }

        foreach (var body in accepts?.RequestType is { } type ? BadInput.WrongShapes(type) : [])
        {
            await SendAsync(client, method, validPath, Json(body), $"body {Describe(body)}");
        }

        await SendAsync(client, method, validPath, () => new StringContent("{}", Encoding.UTF8, "text/plain"), "text/plain body");
        await SendAsync(client, method, validPath, () => new FormUrlEncodedContent([new("a", "b")]), "form body");
    }

    private async Task SendAsync(HttpClient client, HttpMethod method, string path, Func<HttpContent>? content, string description)
    {
        var before = await databaseFingerprint();
        using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
        using var response = await client.SendAsync(request);
        var status = Count(response.StatusCode);
        var what = $"{method} {Describe(path)} with {description}";
        if (status >= 500)
        {
            _failures.Add($"{what}: {status} {Describe(await response.Content.ReadAsStringAsync())}");
        }
        else if (status >= 400 && DatabaseFingerprint.Changed(before, await databaseFingerprint()) is { Count: > 0 } changed)
        {
            _failures.Add($"{what}: {status} but {string.Join(", ", changed)} changed");
        }
    }

    private async Task PostFormAsync(
        Func<Task<(Browser Browser, Navigation Page)>> open, int formIndex, int actionIndex, Action<Dictionary<string, List<string>>> change, string description)
    {
        var (browser, page) = await open();
        if (page.Document.Forms.Length <= formIndex)
        {
            _failures.Add($"Opening the page again for {description} ended on {page.Status} {Describe(page.Url.PathAndQuery)} without form {formIndex}");
            return;
        }

        var form = page.Document.Forms[formIndex];
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "checkbox" or "radio"))
            .GroupBy(input => input.Name!)
            .ToDictionary(group => group.Key, group => group.Select(input => input.Value).ToList());
        change(values);
        var action = Actions(form, page.Url).ElementAtOrDefault(actionIndex);
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        var before = await databaseFingerprint();
        var pairs = values.SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value))).ToList();
        using var response = string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase)
            ? await browser.Http.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(target.GetLeftPart(UriPartial.Path), pairs))
            : await browser.Http.PostAsync(target, new FormUrlEncodedContent(pairs!));
        var status = Count(response.StatusCode);
        var what = $"{form.Method.ToUpperInvariant()} {Describe(target.PathAndQuery)} (form {formIndex}) with {description}";
        if (status >= 500)
        {
            _failures.Add($"{what}: {status} {Describe(await response.Content.ReadAsStringAsync())}");
        }
        else if ((status >= 400 || await ShowsRefusalAsync(response))
            && DatabaseFingerprint.Changed(before, await databaseFingerprint()) is { Count: > 0 } changed)
        {
            _failures.Add($"{what}: {status}, the form refused it, but {string.Join(", ", changed)} changed");
        }
    }

    /// <summary>
    /// A page that says what was wrong: a field's validation message, or a shown alert the page names (an
    /// error's alert has an id; a notice such as "keep these codes safe" has none).
    /// </summary>
    private static async Task<bool> ShowsRefusalAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.OK
        && new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync())
            .QuerySelector("[role=alert][id]:not([hidden]), .field-validation-error, .validation-summary-errors") is not null;

    private int Count(HttpStatusCode status)
    {
        _answers[(int)status] = _answers.GetValueOrDefault((int)status) + 1;
        return (int)status;
    }

    /// <summary>Where the form posts: its own action, each button's different one, and the page with no handler named.</summary>
    private static List<string?> Actions(IHtmlFormElement form, Uri page) =>
        form.Elements.OfType<IHtmlButtonElement>().Select(button => button.GetAttribute("formaction")).OfType<string>()
            .Prepend(form.GetAttribute("action"))
            .Append(page.AbsolutePath)
            .Distinct()
            .ToList();

    private static IEnumerable<string> QueryParameters(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
            .Where(binding => endpoint.RoutePattern.GetParameter(binding.Name) is null)
            .Where(binding => IsSimple(Nullable.GetUnderlyingType(binding.ParameterInfo.ParameterType) ?? binding.ParameterInfo.ParameterType))
            .Select(binding => binding.Name);

    private static bool IsSimple(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeSpan);

    private static string PathWith(RoutePattern pattern, Func<RoutePatternParameterPart, string> value) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => value(parameter),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));

    private static Func<HttpContent> Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    private static Func<HttpContent> Json(byte[] body) => () =>
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    };

    private static string Describe(string value) =>
        value.Length <= 60 ? value.ReplaceLineEndings("\\n") : $"{value[..40].ReplaceLineEndings("\\n")}… ({value.Length} chars)";
}
