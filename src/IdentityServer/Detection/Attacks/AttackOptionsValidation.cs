using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>The rules' thresholds are checked at start-up, and a bad one is named by its configuration key.</summary>
internal sealed class AttackOptionsValidation :
    IValidateOptions<BruteForceOptions>, IValidateOptions<CredentialStuffingOptions>, IValidateOptions<PasswordSprayOptions>
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, BruteForceOptions options)
    {
        var failures = new List<string>();
        Count(failures, BruteForceOptions.Section + ":Failures", options.Failures);
        Span(failures, BruteForceOptions.Section + ":Window", options.Window);
        Span(failures, BruteForceOptions.Section + ":FirstBackOff", options.FirstBackOff);
        Span(failures, BruteForceOptions.Section + ":MaximumBackOff", options.MaximumBackOff);
        Span(failures, BruteForceOptions.Section + ":EscalationWindow", options.EscalationWindow);
        if (options.MaximumBackOff < options.FirstBackOff)
        {
            failures.Add($"{BruteForceOptions.Section}:MaximumBackOff must not be shorter than {BruteForceOptions.Section}:FirstBackOff.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, CredentialStuffingOptions options)
    {
        var failures = new List<string>();
        Count(failures, CredentialStuffingOptions.Section + ":Failures", options.Failures);
        Count(failures, CredentialStuffingOptions.Section + ":DistinctIdentifiers", options.DistinctIdentifiers);
        Span(failures, CredentialStuffingOptions.Section + ":Window", options.Window);
        Span(failures, CredentialStuffingOptions.Section + ":Block", options.Block);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, PasswordSprayOptions options)
    {
        var failures = new List<string>();
        Count(failures, PasswordSprayOptions.Section + ":DistinctIdentifiers", options.DistinctIdentifiers);
        Span(failures, PasswordSprayOptions.Section + ":Window", options.Window);
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{PasswordSprayOptions.Section}:RefreshInterval must be between 100 milliseconds and 1 minute.");
        }

        return Result(failures);
    }

    private static void Count(List<string> failures, string key, int value)
    {
        if (value is < 1 or > 10_000_000)
        {
            failures.Add($"{key} must be between 1 and 10000000.");
        }
    }

    private static void Span(List<string> failures, string key, TimeSpan value)
    {
        if (value < Second || value > Week)
        {
            failures.Add($"{key} must be between 1 second and 7 days.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
