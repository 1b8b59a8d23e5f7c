namespace Aict.Deploy.Tests.Manifests;

/// <summary>Paths in the repository this test run was built from.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    /// <summary>The build configuration of this test run, which the services' own build output shares.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>The entry assembly of a service project in its own build output, as the container image runs it.</summary>
    public static string ServiceAssembly(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", $"{project}.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aict.Identity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Aict.Identity.sln) is not above the test output.");
    }
}
