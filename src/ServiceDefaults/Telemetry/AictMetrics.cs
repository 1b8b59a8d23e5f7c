using System.Diagnostics.Metrics;

namespace Aict.ServiceDefaults.Telemetry;

/// <summary>
/// The instruments of the <c>Aict</c> meter, one per signal an operator watches (docs/observability.md).
/// Prometheus names follow from OpenTelemetry's: <c>aict.signins</c> is scraped as <c>aict_signins_total</c>,
/// <c>aict.revocation.propagation</c> (seconds) as <c>aict_revocation_propagation_seconds</c>.
/// Label values come from the constant classes below or from registered names (client ids), never from user input.
/// </summary>
public sealed class AictMetrics
{
    public const string MeterName = "Aict";

    private readonly Counter<long> _signIns;
    private readonly Counter<long> _mfaChallenges;
    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _tokenErrors;
    private readonly Counter<long> _revocations;
    private readonly Histogram<double> _revocationPropagation;
    private readonly Counter<long> _securityAlerts;
    private Func<long>? _activeSessions;

    public AictMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _signIns = meter.CreateCounter<long>("aict.signins", description: "Primary sign-ins by method and result.");
        _mfaChallenges = meter.CreateCounter<long>("aict.mfa.challenges", description: "Second-factor challenges by factor and result.");
        _tokensIssued = meter.CreateCounter<long>("aict.tokens.issued", description: "Token responses by grant type and client.");
        _tokenErrors = meter.CreateCounter<long>("aict.token.errors", description: "Token endpoint errors by OAuth error code.");
        _revocations = meter.CreateCounter<long>("aict.revocations", description: "Revocation entries written, by what they cover.");
        _revocationPropagation = meter.CreateHistogram<double>("aict.revocation.propagation", unit: "s",
            description: "Time from a revocation being written to a resource server applying it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _securityAlerts = meter.CreateCounter<long>("aict.security.alerts", description: "Security alerts raised, by type and severity.");
        // Only a service that keeps sessions (IdentityServer) observes them; the others report no value rather than zero.
        meter.CreateObservableGauge("aict.sessions.active",
            () => _activeSessions is { } count ? [new Measurement<long>(count())] : Array.Empty<Measurement<long>>(),
            description: "Live SSO sessions (not ended, not expired).");
    }

    public void SignIn(string method, string result) =>
        _signIns.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("result", result));

    public void MfaChallenge(string factor, string result) =>
        _mfaChallenges.Add(1, new KeyValuePair<string, object?>("factor", factor), new KeyValuePair<string, object?>("result", result));

    public void TokenIssued(string grantType, string clientId) =>
        _tokensIssued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType), new KeyValuePair<string, object?>("client_id", clientId));

    public void TokenError(string error) => _tokenErrors.Add(1, new KeyValuePair<string, object?>("error", error));

    public void Revocation(string kind) => _revocations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void RevocationPropagated(TimeSpan lag) => _revocationPropagation.Record(Math.Max(0, lag.TotalSeconds));

    public void SecurityAlert(string type, string severity) =>
        _securityAlerts.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("severity", severity));

    /// <summary>Where the sessions gauge reads its value (IdentityServer's session registry keeps the count).</summary>
    public void ObserveActiveSessions(Func<long> count) => _activeSessions = count;
}

/// <summary>Values of the <c>method</c> label of <c>aict_signins_total</c>.</summary>
public static class SignInMethods
{
    public const string Password = "password";
    public const string Passkey = "passkey";
    public const string Federated = "federated";
}

/// <summary>Values of the <c>result</c> label of <c>aict_signins_total</c>.</summary>
public static class SignInResults
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Locked = "locked";
    public const string Throttled = "throttled";
    public const string MfaRequired = "mfa_required";

    /// <summary>Refused by the risk response (a sign-in whose risk level maps to block).</summary>
    public const string Blocked = "blocked";
}
