using System.Globalization;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>The command line: <c>--revocations N</c>, <c>--seconds S</c> (load per variant), <c>--garnet</c>.</summary>
internal sealed record RunSettings(int Revocations, int Seconds, bool Garnet)
{
    public const int WarmUpRevocations = 20;
    public const int Connections = 32;
    public const int Rounds = 10;
    public const int CheckEntries = 10_000;
    public static readonly TimeSpan LoadWarmUp = TimeSpan.FromSeconds(3);

    public static RunSettings Parse(string[] args)
    {
        var revocations = 1_000;
        var seconds = 10;
        var garnet = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--revocations":
                    revocations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--garnet":
                    garnet = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}; expected --revocations N, --seconds S or --garnet.");
            }
        }

        return new RunSettings(revocations, seconds, garnet);
    }
}
