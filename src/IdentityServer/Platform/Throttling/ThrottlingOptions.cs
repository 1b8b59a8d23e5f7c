namespace Aict.IdentityServer.Platform.Throttling;

/// <summary>
/// How many failures, per client address and across all of them, block an action for the rest of the window
/// (the <c>Throttling</c> section). Failures are counted in Redis, shared by every instance.
/// </summary>
public sealed class ThrottlingOptions
{
    public const string Section = "Throttling";

    /// <summary>Prefix of the counters' keys and of the channel that spreads blocks to every instance.</summary>
    public string KeyPrefix { get; set; } = "aict:throttle:";

    /// <summary>Failed password sign-ins on the hosted page.</summary>
    public FailureLimits SignIn { get; set; } = new();

    /// <summary>Failed client authentications (client secret, private_key_jwt) at the token, introspection and revocation endpoints.</summary>
    public FailureLimits ClientAuthentication { get; set; } = new();

    public string Channel => KeyPrefix + "blocks";

    public FailureLimits For(ThrottledAction action) => action == ThrottledAction.SignIn ? SignIn : ClientAuthentication;
}

/// <summary>The two limits of one action.</summary>
public sealed class FailureLimits
{
    /// <summary>Per client address (an IPv6 address counts by its /64): one machine guessing.</summary>
    public FailureLimit PerClientAddress { get; set; } = new() { Failures = 20, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Across every address: credential stuffing spread over many machines and accounts.</summary>
    public FailureLimit Global { get; set; } = new() { Failures = 1000, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>This many failures within the window (counted from the first) block until the window ends.</summary>
public sealed class FailureLimit
{
    public int Failures { get; set; }

    public TimeSpan Window { get; set; }
}

public enum ThrottledAction
{
    SignIn,
    ClientAuthentication,
}
