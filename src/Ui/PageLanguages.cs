using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.WebEncoders;

namespace Aict.Ui;

public static class PageLanguages
{
    /// <summary>
    /// English and Korean pages: OpenID Connect's <c>ui_locales</c> (space-separated, read from the request by
    /// <paramref name="uiLocales"/>) outranks the culture cookie and the browser's Accept-Language.
    /// </summary>
    public static IServiceCollection AddPageLanguages(this IServiceCollection services, Func<HttpRequest, string?> uiLocales)
    {
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = LanguageLinks.Cultures;
            options.SupportedUICultures = LanguageLinks.Cultures;
            options.RequestCultureProviders.Insert(0, new CustomRequestCultureProvider(context =>
                Task.FromResult(uiLocales(context.Request) is { } locales && !string.IsNullOrWhiteSpace(locales)
                    ? new ProviderCultureResult(locales.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => new StringSegment(l)).ToList())
                    : null)));
        });

        // Razor writes Korean text as text, not as numeric character references (readable source, smaller pages).
        return services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings =
            new TextEncoderSettings(UnicodeRanges.BasicLatin, UnicodeRanges.HangulSyllables, UnicodeRanges.HangulJamo,
                UnicodeRanges.HangulCompatibilityJamo));
    }
}
