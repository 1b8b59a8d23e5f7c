namespace Aict.Benchmarks.Protocol;

/// <summary>The whole run: per database a fresh stack and every scenario, then the results file.</summary>
internal static class LoadRun
{
    public static async Task RunAsync(DriverSettings settings, CancellationToken cancellationToken)
    {
        var facts = await RunFacts.ReadAsync(settings.RepositoryRoot, cancellationToken);
        var runs = await OnEachDatabaseAsync(settings, null, async (database, stack, directory) =>
        {
            var scenarios = new ProtocolScenarios(stack, settings, directory, cancellationToken);
            var firstTokenRequest = await scenarios.FirstTokenRequestAsync();
            Console.WriteLine($"  first token request after start: {firstTokenRequest.TotalMilliseconds:N0} ms");
            var results = await scenarios.RunAllAsync();
            return new DatabaseRun(database, firstTokenRequest, results, scenarios.SignInHashBound!, TableGrowth.Count(stack));
        }, cancellationToken);

        var report = new ResultsReport(settings, facts, runs);
        var resultsFile = Path.Combine(settings.RepositoryRoot, "benchmarks", "results", "protocol-load.md");
        await File.WriteAllTextAsync(resultsFile, report.Render(), cancellationToken);
        Console.WriteLine();
        Console.Write(report.Render());
        Console.WriteLine($"Written to {resultsFile}");
    }

    /// <summary>
    /// Builds the services once, then per database starts a fresh stack (IdentityServer with <paramref name="identitySettings"/>
    /// besides its defaults), measures it and stops it. Logs and token files go to a temporary folder, kept only when a run failed.
    /// </summary>
    public static async Task<List<T>> OnEachDatabaseAsync<T>(DriverSettings settings, IReadOnlyDictionary<string, string>? identitySettings,
        Func<string, ProtocolStack, string, Task<T>> measure, CancellationToken cancellationToken)
    {
        var builds = await ServiceBuilds.BuildAsync(settings.RepositoryRoot, cancellationToken);
        var work = Directory.CreateTempSubdirectory("aict-protocol-load-");
        var runs = new List<T>();
        try
        {
            foreach (var database in settings.Databases)
            {
                Console.WriteLine($"{database}: starting the stack (logs in {work.FullName})");
                var directory = work.CreateSubdirectory(database).FullName;
                await using var stack = await ProtocolStack.StartAsync(
                    BenchmarkDatabases.For(database, settings, directory), builds, settings, directory, cancellationToken, identitySettings);
                runs.Add(await measure(database, stack, directory));
            }
        }
        finally
        {
            if (runs.Count == settings.Databases.Count || cancellationToken.IsCancellationRequested)
            {
                work.Delete(recursive: true);
            }
            else
            {
                Console.Error.WriteLine($"The services' logs are kept in {work.FullName}");
            }
        }

        return runs;
    }
}
