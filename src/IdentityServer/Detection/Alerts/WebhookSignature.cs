using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// The signature of a webhook delivery: <c>X-Aict-Signature: sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the
/// webhook's secret, of the <c>X-Aict-Timestamp</c> value, a dot and the body. The timestamp inside the MAC lets a
/// receiver refuse an old delivery replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Aict-Timestamp";
    public const string SignatureHeader = "X-Aict-Signature";
    public const string Scheme = "sha256=";

    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Sign(byte[] secret, string timestamp, string body) =>
        Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
