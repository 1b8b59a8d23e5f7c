namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// An operator command's words, switches (<c>--force</c>) and options (<c>--issuer https://…</c> or
/// <c>--issuer=https://…</c>); the host's own options (<c>--environment</c>) pass through unread.
/// </summary>
internal sealed record OperatorArguments(IReadOnlyList<string> Words, IReadOnlySet<string> Switches, IReadOnlyDictionary<string, string> Options)
{
    private static readonly string[] HostOptions = ["environment", "contentRoot", "applicationName"];

    /// <summary>The arguments, or why they cannot be read, given the switches and options the command takes.</summary>
    public static (OperatorArguments? Arguments, string? Problem) Parse(IEnumerable<string> args, string[] switches, string[] options)
    {
        var words = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var arg = args.SkipWhile(a => a == "--").GetEnumerator();
        while (arg.MoveNext())
        {
            var current = arg.Current;
            if (!current.StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(current);
                continue;
            }

            var (name, value) = current.IndexOf('=') is > 2 and var equals ? (current[2..equals], current[(equals + 1)..]) : (current[2..], null);
            if (switches.Contains(name) && value is null)
            {
                given.Add(name);
            }
            else if (options.Contains(name) || HostOptions.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (value is null && !arg.MoveNext())
                {
                    return (null, $"--{name} needs a value.");
                }

                values[name] = value ?? arg.Current;
            }
            else
            {
                return (null, $"Unknown option --{name}.");
            }
        }

        return (new OperatorArguments(words, given, values), null);
    }
}
