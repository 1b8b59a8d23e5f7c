using Aict.Benchmarks.RevocationPropagation;

// Usage: dotnet run -c Release --project benchmarks/RevocationPropagation [-- --revocations 1000 --seconds 10 --garnet]
// IdentityServer and three CommerceApi hosts on Kestrel in this process, Redis outside it (or embedded Garnet).
// Writes benchmarks/results/revocation-propagation.md (revocation-propagation-garnet.md on Garnet).
var settings = RunSettings.Parse(args);
// WebApplicationFactory reads the hosts' content roots from MvcTestingAppManifest.json in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var machine = new MachineLoad();
var loadAtStart = MachineLoad.LoadAverage();

using var redis = await BenchmarkRedis.StartAsync(settings.Garnet);
Console.WriteLine($"Redis: {redis.Description}");
await using var stack = await BenchmarkStack.StartAsync(redis);
using var identity = LoopbackClients.Create(stack.Identity);
using var first = LoopbackClients.Create(stack.First);
using var second = LoopbackClients.Create(stack.Second);

var propagation = new PropagationRun(identity, first, second);
// Warm-up: JIT, the APIs' discovery and JWKS fetch, connection pools.
await propagation.MeasureAsync(RunSettings.WarmUpRevocations);
var samples = await propagation.MeasureAsync(settings.Revocations,
    new Progress<int>(done => { if (done % 100 == 0) Console.WriteLine($"{done} revocations"); }));

using var checkedApi = LoopbackClients.Create(stack.First, RunSettings.Connections);
using var baselineApi = LoopbackClients.Create(stack.Baseline, RunSettings.Connections);
await propagation.ConfirmBaselineSkipsTheCheckAsync(checkedApi, baselineApi);
var (withCheck, withoutCheck) = await LoadRun.CompareAsync(checkedApi, baselineApi, await propagation.NewTokenAsync(), settings.Seconds);

var copyEntries = stack.FirstCopyEntries;
var check = CheckCost.Measure(RunSettings.CheckEntries);
var report = new Report(settings, redis.Description, samples, withCheck, withoutCheck, copyEntries, check,
    loadAtStart, MachineLoad.LoadAverage(), machine.OtherProcessesCores());
var text = await report.RenderAsync();
Console.Write(text);
var results = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results",
    redis.IsGarnet ? "revocation-propagation-garnet.md" : "revocation-propagation.md"));
await File.WriteAllTextAsync(results, text);
Console.WriteLine($"Written to {results}");

