using System.Globalization;
using Aict.Ui;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>The language mail to an account is written in.</summary>
public static class AccountLanguage
{
    /// <summary>The page language that matches the account's locale (<c>ko-KR</c> is Korean), or null.</summary>
    public static CultureInfo? CultureOf(string? locale)
    {
        var language = locale?.Split('-', 2)[0];
        return LanguageLinks.Cultures.FirstOrDefault(culture => string.Equals(culture.TwoLetterISOLanguageName, language, StringComparison.OrdinalIgnoreCase));
    }
}
