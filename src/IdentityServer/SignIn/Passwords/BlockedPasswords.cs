using System.IO.Compression;

namespace Aict.IdentityServer.SignIn.Passwords;

/// <summary>
/// Common and breached passwords that nobody may choose, shipped with the server (common-passwords.LICENSE.txt
/// says where they come from) and read once per process. Compared after NFKC normalisation and lower-casing.
/// </summary>
public sealed class BlockedPasswords
{
    private const string ResourceName = "Aict.IdentityServer.SignIn.Passwords.common-passwords.txt.gz";

    private static readonly Lazy<HashSet<string>> s_entries = new(Load);

    public int Count => s_entries.Value.Count;

    public bool Contains(string password) => s_entries.Value.Contains(PasswordText.Normalize(password).ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var resource = typeof(BlockedPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var entries = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                entries.Add(line);
            }
        }

        entries.TrimExcess();
        return entries;
    }
}
