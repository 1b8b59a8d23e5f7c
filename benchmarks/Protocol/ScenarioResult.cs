namespace Aict.Benchmarks.Protocol;

/// <summary>The scenarios, in the order they run and are reported.</summary>
internal enum Scenario
{
    ClientCredentials,
    RefreshToken,
    PasswordSignIn,
    ReadWithToken,
    ReadWithoutToken,
    ReadWithTokenShipped,
}

/// <summary>One scenario's figures and what the process under load used meanwhile (IdentityServer's, or CommerceApi's).</summary>
internal sealed record ScenarioResult(Scenario Scenario, LoadFigures Figures, ProcessUsage? Identity, ProcessUsage? Commerce)
{
    /// <summary>This process's CPU seconds over the measured part: the load generator's share of the cores.</summary>
    public double? DriverCpuSeconds { get; init; }
}
