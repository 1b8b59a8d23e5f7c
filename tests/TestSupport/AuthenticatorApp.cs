using OtpNet;

namespace Aict.TestSupport;

/// <summary>
/// An authenticator app beside one test server: TOTP codes from Otp.NET on the server's clock. The
/// server refuses a time step twice, so when a user's step is used up the clock moves to the next one.
/// </summary>
public sealed class AuthenticatorApp(ShiftableClock clock)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, long> _lastSteps = [];
    private readonly Lock _gate = new();

    /// <summary>A code the server has not seen for <paramref name="base32Secret"/>.</summary>
    public string NextCode(string base32Secret)
    {
        lock (_gate)
        {
            var step = StepAt(clock.GetUtcNow());
            if (_lastSteps.TryGetValue(base32Secret, out var last) && last >= step)
            {
                clock.Advance(Step * (last - step + 1));
                step = StepAt(clock.GetUtcNow());
            }

            _lastSteps[base32Secret] = step;
            return new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
        }
    }

    private static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / 30;
}
