namespace Aict.Benchmarks.Protocol;

/// <summary>Everything measured on one database.</summary>
internal sealed record DatabaseRun(
    string Database, TimeSpan FirstTokenRequest, IReadOnlyList<ScenarioResult> Results, PasswordHashBound HashBound, TableGrowth Growth);
