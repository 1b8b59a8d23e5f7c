using System.Diagnostics;

namespace Aict.Benchmarks.Protocol;

/// <summary>The services' Release builds, made once per run: the assemblies the stack starts with <c>dotnet</c>.</summary>
internal sealed record ServiceBuilds(string IdentityServer, string CommerceApi, string Driver)
{
    public static async Task<ServiceBuilds> BuildAsync(string repositoryRoot, CancellationToken cancellationToken) => new(
        await BuildAsync(repositoryRoot, "IdentityServer", cancellationToken),
        await BuildAsync(repositoryRoot, "CommerceApi", cancellationToken),
        // serve-commerce runs this program again, in its own process.
        Path.Combine(AppContext.BaseDirectory, "Protocol.Benchmarks.dll"));

    private static async Task<string> BuildAsync(string repositoryRoot, string project, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(repositoryRoot, "src", project);
        Console.WriteLine($"Building {project} (Release)...");
        var (exitCode, output) = await ShortProcess.RunAsync(
            new ProcessStartInfo("dotnet", ["build", Path.Combine(directory, project + ".csproj"), "-c", "Release", "--nologo", "-v", "q"]),
            cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"Building {project} failed:\n{output}");
        }

        return Path.Combine(directory, "bin", "Release", "net10.0", project + ".dll");
    }
}
