namespace Aict.Benchmarks.Protocol;

/// <summary>
/// Replaces the README's generated part between <c>&lt;!-- protocol-load:begin --&gt;</c> and <c>&lt;!-- protocol-load:end --&gt;</c>,
/// creating it under a <c>## Protocol load</c> heading before the token endpoint section when it is missing.
/// </summary>
internal static class ReadmeSection
{
    private const string Begin = "<!-- protocol-load:begin -->";
    private const string End = "<!-- protocol-load:end -->";
    private const string Anchor = "## Token endpoint hot path";

    public static async Task UpdateAsync(string readmePath, string content)
    {
        var readme = await File.ReadAllTextAsync(readmePath);
        var block = $"{Begin}\n{content.TrimEnd()}\n{End}";
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            readme = readme[..begin] + block + readme[(end + End.Length)..];
        }
        else
        {
            var anchor = readme.IndexOf(Anchor, StringComparison.Ordinal);
            var section = $"## Protocol load\n\n{block}\n\n";
            readme = anchor >= 0 ? readme.Insert(anchor, section) : readme.TrimEnd() + "\n\n" + section;
        }

        await File.WriteAllTextAsync(readmePath, readme);
    }
}
