namespace Aict.Benchmarks.Protocol;

/// <summary>Everything measured on one database.</summary>
internal sealed record DatabaseRun(string Database, IReadOnlyList<ScenarioResult> Results, TableGrowth Growth);
