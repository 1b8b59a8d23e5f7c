using Aict.IdentityServer.SignIn.Users;

namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>The demo realm's people (ARCHITECTURE.md): complete profiles so every standard scope releases claims.</summary>
internal static class DemoUsers
{
    public const string AdminRole = "admin";

    public const string BobEmail = "bob@example.com";

    public const string AdminEmail = "admin@example.com";

    /// <summary>Bob's authenticator secret (base32), published in ARCHITECTURE.md so that anyone can compute his codes.</summary>
    public const string BobTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /// <summary>The admin's authenticator secret (base32, the RFC 6238 test key), published: administration needs MFA.</summary>
    public const string AdminTotpSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// <summary>Who has an authenticator app in the demo realm, with its published secret.</summary>
    public static IEnumerable<(string Email, string TotpSecret)> Authenticators() =>
        [(BobEmail, BobTotpSecret), (AdminEmail, AdminTotpSecret)];

    public static IEnumerable<(ApplicationUser User, string Password, string[] Roles)> All()
    {
        yield return (Person("alice@example.com", "Alice", "Kim", "+82 10-1111-2222", "ko-KR"), "Alice#2026dev", []);
        yield return (Person(BobEmail, "Bob", "Lee", "+82 10-3333-4444", "en-US"), "Bob#2026dev", []);
        yield return (Person(AdminEmail, "Ada", "Admin", "+82 10-5555-6666", "en-US"), "Admin#2026dev", [AdminRole]);
        yield return (Person("carol@example.com", "Carol", "Park", "+82 10-7777-8888", "ko-KR"), "Carol#2026dev", []);
    }

    private static ApplicationUser Person(string email, string given, string family, string phone, string locale) => new()
    {
        UserName = email,
        Email = email,
        EmailConfirmed = true,
        PhoneNumber = phone,
        PhoneNumberConfirmed = true,
        GivenName = given,
        FamilyName = family,
        Locale = locale,
        Address = new PostalAddress
        {
            StreetAddress = "12 Teheran-ro",
            Locality = "Gangnam-gu",
            Region = "Seoul",
            PostalCode = "06236",
            Country = "KR",
        },
    };
}
