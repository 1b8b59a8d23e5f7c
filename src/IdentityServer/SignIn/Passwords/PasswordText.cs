using System.Text;

namespace Aict.IdentityServer.SignIn.Passwords;

/// <summary>How a password is read before it is counted, compared or hashed: Unicode NFKC, as NIST SP 800-63B-4 suggests.</summary>
internal static class PasswordText
{
    /// <summary>The NFKC form; text that is not well-formed UTF-16 (a lone surrogate) has none and is returned as it is.</summary>
    public static string Normalize(string password) =>
        IsWellFormed(password) && !password.IsNormalized(NormalizationForm.FormKC) ? password.Normalize(NormalizationForm.FormKC) : password;

    public static bool IsWellFormed(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    /// <summary>Characters as a person counts them: code points, so a Korean syllable or an emoji is one.</summary>
    public static int Length(string normalized)
    {
        var count = 0;
        foreach (var _ in normalized.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>The letters alone, lower-cased: "Alice2026!" and "alice" are the same word with decoration.</summary>
    public static string Letters(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                letters.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return letters.ToString();
    }
}
