using System.Globalization;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Detection.Attacks;
using Aict.IdentityServer.Detection.Devices;
using Aict.IdentityServer.Detection.Geo;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Risk;

/// <summary>What a sign-in whose first factor was right gets: its session, a second factor first (or enrolment), or nothing.</summary>
public enum RiskDecision
{
    Allow,
    SecondFactor,
    Block,
}

/// <summary>
/// The risk of each successful primary sign-in (password, passkey): its reasons (<see cref="RiskReasons"/>) from the user's
/// earlier sign-ins (<see cref="SignInHistory"/>), its level, and the response configured for that level
/// (<see cref="RiskOptions"/>). Reasons raise their alerts; a level above none goes to the audit trail with the decision, and a
/// block is told to the account holder by e-mail.
/// A sign-in is remembered (place, device, network) only once its session starts, so that someone who fails the second
/// factor does not make his device known; when the session starts in the same request, reading and remembering are one
/// Redis call.
/// </summary>
public sealed partial class SignInRisk(
    SignInHistory history,
    AttackBlocks attacks,
    IIpLocations locations,
    SecurityAlerts alerts,
    AuditTrail audit,
    AccountNotices<SignInNotice> notices,
    IOptions<DetectionOptions> detection,
    IOptions<RiskOptions> risk,
    IOptions<ImpossibleTravelOptions> travel,
    IOptions<NewDeviceOptions> devices,
    IHttpContextAccessor http,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<SignInRisk> logger)
{
    private const string RecordedItem = "Aict.Detection.Risk.Recorded";

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("A sign-in needs the request.");

    /// <param name="multiFactor">The sign-in already proved a second factor (a passkey): a step-up asks nothing more of it.</param>
    /// <param name="sessionFollows">A session starts in this request if the sign-in is allowed: remember it in the same call.</param>
    public async Task<RiskDecision> AssessAsync(ApplicationUser user, bool multiFactor, bool sessionFollows)
    {
        if (!detection.Value.Enabled)
        {
            return RiskDecision.Allow;
        }

        var place = PlaceOf(Context);
        if (await history.ReadAsync(user.Id, place, record: sessionFollows) is not { } prior)
        {
            return RiskDecision.Allow;
        }

        var journey = ImpossibleJourney(prior, place);
        var newDevice = IsNewDevice(prior, place);
        var reasons = new List<string>(2);
        if (journey is not null)
        {
            reasons.Add(RiskReasons.ImpossibleTravel);
        }

        if (newDevice)
        {
            reasons.Add(RiskReasons.NewDevice);
        }

        // A spray guesses passwords; a passkey sign-in proved more than one.
        if (!multiFactor && attacks.SprayInProgress)
        {
            reasons.Add(RiskReasons.PasswordSprayInProgress);
        }

        var level = RiskReasons.LevelOf(reasons);
        var decision = Decide(level, user, multiFactor);
        if (sessionFollows && decision == RiskDecision.Allow)
        {
            Context.Items[RecordedItem] = new Recorded(user.Id, place, newDevice);
        }
        else if (sessionFollows)
        {
            await history.ForgetAsync(user.Id, place, prior);
        }

        if (level == RiskLevel.None)
        {
            return decision;
        }

        var raised = journey is not null && await RaiseTravelAlertAsync(user, place, journey) is not null;
        if (newDevice)
        {
            raised |= await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.NewDevice, AlertSeverities.Low,
                [$"sign-in from a device and network not seen for this user, at {place.Location?.ToString() ?? "an unknown place"}"],
                user.Id, user.Email, Context.Connection.RemoteIpAddress, DedupKey: $"new_device:{user.Id}:{place.Device}:{place.Network}",
                DedupWindow: TimeSpan.FromDays(1))) is not null;
        }

        // Whoever was refused knows the password (or holds a passkey): the holder hears of it, once per alert, not per retry.
        if (decision == RiskDecision.Block && raised)
        {
            notices.Enqueue(new SignInNotice(user.Id, SessionId: null, place.Location?.ToString(), place.At, CultureInfo.CurrentUICulture));
        }

        var outcome = decision switch
        {
            RiskDecision.Allow => AuditOutcomes.Allowed,
            RiskDecision.SecondFactor => AuditOutcomes.StepUp,
            _ => AuditOutcomes.Blocked,
        };
        var levelName = level.ToString().ToLowerInvariant();
        await audit.RecordAsync(AuditEventTypes.SignInRiskAssessed, user.Id, outcome: outcome,
            detail: JsonSerializer.Serialize(new { level = levelName, reasons }), cancellationToken: Context.RequestAborted);
        LogAssessed(logger, user.Id, levelName, string.Join(' ', reasons), outcome);
        return decision;
    }

    /// <summary>
    /// The session has started (<see cref="SessionSignIn"/>): remember where from, unless the assessment already did in this
    /// request, and send "was this you?" when the device and network are new to the user.
    /// </summary>
    public async Task SessionStartedAsync(ApplicationUser user, string sessionId)
    {
        if (!detection.Value.Enabled)
        {
            return;
        }

        if (Context.Items[RecordedItem] is not Recorded recorded || recorded.UserId != user.Id)
        {
            var place = PlaceOf(Context);
            if (await history.ReadAsync(user.Id, place, record: true) is not { } prior)
            {
                return;
            }

            recorded = new Recorded(user.Id, place, IsNewDevice(prior, place));
        }

        if (recorded.NewDevice)
        {
            notices.Enqueue(new SignInNotice(user.Id, sessionId, recorded.Place.Location?.ToString(), recorded.Place.At, CultureInfo.CurrentUICulture));
        }
    }

    private SignInPlace PlaceOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        var location = travel.Value.Enabled ? locations.Find(address) : null;
        return devices.Value.Enabled
            ? new SignInPlace(location, DeviceCookie.Ensure(context, environment.IsDevelopment()), SignInNetwork.HashOf(address), time.GetUtcNow())
            : new SignInPlace(location, Device: null, Network: null, time.GetUtcNow());
    }

    private RiskDecision Decide(RiskLevel level, ApplicationUser user, bool multiFactor) => risk.Value.For(level) switch
    {
        RiskResponse.Block => RiskDecision.Block,
        RiskResponse.StepUp when multiFactor => RiskDecision.Allow,
        RiskResponse.StepUp when user.TwoFactorEnabled || risk.Value.WithoutSecondFactor == WithoutSecondFactor.Enrol => RiskDecision.SecondFactor,
        RiskResponse.StepUp => RiskDecision.Block,
        _ => RiskDecision.Allow,
    };

    // A new device counts only against a history: the very first sign-in has nothing to compare with, an unknown address no network.
    private bool IsNewDevice(PriorSignIns prior, SignInPlace place) =>
        devices.Value.Enabled && prior.HasHistory && place.Network is not null && !prior.DeviceKnown && !prior.NetworkKnown;

    private Journey? ImpossibleJourney(PriorSignIns prior, SignInPlace place)
    {
        if (!travel.Value.Enabled || place.Location is not { } to || prior is not { LastLocation: { } from, LastAt: { } since })
        {
            return null;
        }

        var distance = from.DistanceKmTo(to);
        var elapsed = place.At - since;
        var speed = elapsed > TimeSpan.Zero ? distance / elapsed.TotalHours : double.PositiveInfinity;
        return distance >= travel.Value.MinDistanceKm && speed > travel.Value.MaxSpeedKmh ? new Journey(from, since, distance, speed) : null;
    }

    private async Task<SecurityAlert?> RaiseTravelAlertAsync(ApplicationUser user, SignInPlace place, Journey journey)
    {
        var minutes = Math.Max(0, (place.At - journey.Since).TotalMinutes);
        IReadOnlyList<string> reasons =
        [
            string.Create(CultureInfo.InvariantCulture, $"from {journey.From} at {journey.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            string.Create(CultureInfo.InvariantCulture, $"to {place.Location} at {place.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            string.Create(CultureInfo.InvariantCulture,
                $"{journey.DistanceKm:F0} km in {minutes:F0} min, faster than {travel.Value.MaxSpeedKmh:F0} km/h"),
        ];
        return await alerts.RaiseAsync(new SecurityAlertDraft(SecurityAlertTypes.ImpossibleTravel, AlertSeverities.Medium, reasons,
            user.Id, user.Email, Context.Connection.RemoteIpAddress, DedupKey: $"impossible_travel:{user.Id}:{place.Network}",
            DedupWindow: TimeSpan.FromHours(1)));
    }

    private sealed record Recorded(string UserId, SignInPlace Place, bool NewDevice);

    private sealed record Journey(IpLocation From, DateTimeOffset Since, double DistanceKm, double SpeedKmh);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Sign-in of user {UserId} at {RiskLevel} risk ({Reasons}): {Decision}")]
    private static partial void LogAssessed(ILogger logger, string userId, string riskLevel, string reasons, string decision);
}
