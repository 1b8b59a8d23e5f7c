using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.Ui;

/// <summary>
/// The languages the pages speak and links that switch between them: the current address with
/// OpenID Connect's <c>ui_locales</c> set, which both apps rank above the cookie and Accept-Language.
/// </summary>
public static class LanguageLinks
{
    public const string Parameter = "ui_locales";

    /// <summary>Each language named in itself, so a reader finds theirs whatever the page's language.</summary>
    public static IReadOnlyList<(string Culture, string Name)> Languages { get; } = [("en", "English"), ("ko", "한국어")];

    public static CultureInfo[] Cultures { get; } = [.. Languages.Select(l => new CultureInfo(l.Culture))];

    public static string For(HttpRequest request, string culture)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query[Parameter] = culture;
        var builder = new QueryBuilder(query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))));
        return request.PathBase + request.Path + builder.ToQueryString();
    }

    public static bool IsCurrent(string culture) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == culture;
}
