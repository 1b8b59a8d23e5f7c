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

/// <summary>One scenario's figures and what the services used meanwhile (Commerce is null for IdentityServer's scenarios).</summary>
internal sealed record ScenarioResult(Scenario Scenario, LoadFigures Figures, ProcessUsage Identity, ProcessUsage? Commerce);
