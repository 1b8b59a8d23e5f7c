using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.SignIn.SignUp;

/// <summary>The addresses of the e-mailed links and how their lifetime is worded.</summary>
internal static class VerificationLinks
{
    public const string VerifyPath = "account/verify-email";

    public const string ChangePath = "account/confirm-email-change";

    public static string SignUp(Uri site, string userId, string token, CultureInfo culture) =>
        new Uri(site, VerifyPath).AbsoluteUri
        + "?userId=" + Uri.EscapeDataString(userId)
        + "&token=" + Uri.EscapeDataString(token)
        + "&ui_locales=" + Uri.EscapeDataString(culture.Name);

    public static string EmailChange(Uri site, string userId, string newEmail, string token, CultureInfo culture) =>
        new Uri(site, ChangePath).AbsoluteUri
        + "?userId=" + Uri.EscapeDataString(userId)
        + "&email=" + Uri.EscapeDataString(newEmail)
        + "&token=" + Uri.EscapeDataString(token)
        + "&ui_locales=" + Uri.EscapeDataString(culture.Name);

    public static string SignIn(Uri site, CultureInfo culture) =>
        new Uri(site, "account/login").AbsoluteUri + "?ui_locales=" + Uri.EscapeDataString(culture.Name);

    public static string ForgotPassword(Uri site, CultureInfo culture) =>
        new Uri(site, "account/forgot-password").AbsoluteUri + "?ui_locales=" + Uri.EscapeDataString(culture.Name);

    /// <summary>"24 hours" or "30 minutes", in the current language.</summary>
    public static string Lifetime(TimeSpan lifetime, IStringLocalizer text) =>
        lifetime.TotalHours >= 1 && lifetime.Ticks % TimeSpan.TicksPerHour == 0
            ? text["LinkLifetimeHours", (int)lifetime.TotalHours]
            : text["LinkLifetimeMinutes", (int)Math.Ceiling(lifetime.TotalMinutes)];
}
