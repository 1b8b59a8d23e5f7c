using System.Globalization;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>What a revocation entry covers.</summary>
public enum RevocationKind
{
    /// <summary>One token, by its <c>jti</c>.</summary>
    Token,

    /// <summary>Every token of a sign-in session, by <c>sid</c>.</summary>
    Session,

    /// <summary>Every token of an authorization (token family), by <c>oi_au_id</c>.</summary>
    Authorization,

    /// <summary>Every token of a subject issued before <see cref="RevocationEntry.NotBefore"/>.</summary>
    Subject,
}

/// <summary>
/// One revocation: what it covers, until when it matters (Unix seconds, after which nothing it covers
/// can still be valid) and, for a subject, the issue time before which its tokens are dead.
/// </summary>
public readonly record struct RevocationEntry(RevocationKind Kind, string Id, long Until, long NotBefore = 0)
{
    private const char Separator = '|';

    /// <summary>The wire form, used both as the published message and as the stored value: kind|until|notBefore|id.</summary>
    public string Serialize() => string.Create(CultureInfo.InvariantCulture, $"{(int)Kind}{Separator}{Until}{Separator}{NotBefore}{Separator}{Id}");

    public static bool TryParse(string? text, out RevocationEntry entry)
    {
        entry = default;
        var parts = text?.Split(Separator, 4);
        if (parts is not { Length: 4 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kind)
            || !Enum.IsDefined((RevocationKind)kind)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var until)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var notBefore)
            || parts[3].Length == 0)
        {
            return false;
        }

        entry = new RevocationEntry((RevocationKind)kind, parts[3], until, notBefore);
        return true;
    }

    private const char PublishedMarker = '@';

    /// <summary>
    /// The published message: the wire form after the time it was written (<c>@unixMilliseconds|kind|until|notBefore|id</c>),
    /// so that a reader can tell how long it took to arrive. The stored value keeps the plain wire form.
    /// </summary>
    public string SerializePublished(DateTimeOffset writtenAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{PublishedMarker}{writtenAt.ToUnixTimeMilliseconds()}{Separator}{Serialize()}");

    /// <summary>Reads a published message, with its write time, or without one (as published before the time was added).</summary>
    public static bool TryParsePublished(string? text, out RevocationEntry entry, out DateTimeOffset? writtenAt)
    {
        writtenAt = null;
        if (text is null || !text.StartsWith(PublishedMarker))
        {
            return TryParse(text, out entry);
        }

        var end = text.IndexOf(Separator, StringComparison.Ordinal);
        if (end < 0 || !long.TryParse(text.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || !TryParse(text[(end + 1)..], out entry))
        {
            entry = default;
            return false;
        }

        writtenAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    /// <summary>The Redis key of this entry under a prefix.</summary>
    public string Key(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{(int)Kind}:{Id}");
}
