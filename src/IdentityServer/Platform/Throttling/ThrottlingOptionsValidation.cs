using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>Every limit is checked at start-up, and a bad one is named by its configuration key.</summary>
internal sealed class ThrottlingOptionsValidation : IValidateOptions<ThrottlingOptions>
{
    public ValidateOptionsResult Validate(string? name, ThrottlingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            failures.Add("Throttling:KeyPrefix is required: the Redis key prefix of the failure counters.");
        }

        Check(failures, "Throttling:SignIn:PerClientAddress", options.SignIn.PerClientAddress);
        Check(failures, "Throttling:SignIn:Global", options.SignIn.Global);
        Check(failures, "Throttling:ClientAuthentication:PerClientAddress", options.ClientAuthentication.PerClientAddress);
        Check(failures, "Throttling:ClientAuthentication:Global", options.ClientAuthentication.Global);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, FailureLimit limit)
    {
        if (limit.Failures is < 1 or > 10_000_000)
        {
            failures.Add($"{key}:Failures must be between 1 and 10000000.");
        }

        if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1))
        {
            failures.Add($"{key}:Window must be between 1 second and 1 day.");
        }
    }
}
