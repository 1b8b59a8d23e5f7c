using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.WebEncoders;

namespace Aict.Ui;

public static class HangulTextEncoding
{
    /// <summary>Razor writes Korean text as text, not as numeric character references (readable source, smaller pages).</summary>
    public static IServiceCollection AddHangulTextEncoding(this IServiceCollection services) =>
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings =
            new TextEncoderSettings(UnicodeRanges.BasicLatin, UnicodeRanges.HangulSyllables, UnicodeRanges.HangulJamo,
                UnicodeRanges.HangulCompatibilityJamo));
}
