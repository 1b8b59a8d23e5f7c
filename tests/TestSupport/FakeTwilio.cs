using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aict.TestSupport;

/// <summary>
/// A local stand-in for Twilio's Messages API on real Kestrel (loopback, free port): Basic auth with the
/// account SID and auth token, form fields To, From or MessagingServiceSid and Body, and Twilio's answers —
/// 201 with the queued message, 400 with Twilio's error document, 401 for wrong credentials.
/// </summary>
public sealed partial class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "ACfa4e000000000000000000000000beef";
    public const string AuthToken = "fake-twilio-auth-token-0123456789";
    public const string From = "+15005550006";

    /// <summary>Twilio's magic test number that it always refuses as invalid (error 21211).</summary>
    public const string InvalidNumber = "+15005550001";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeTwilioMessage> _messages = new();
    private int _requests;

    private FakeTwilio(WebApplication app) => _app = app;

    /// <summary>Where the fake listens, <c>http://127.0.0.1:PORT/</c>: the value for <c>Sms:Twilio:BaseUrl</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The messages Twilio accepted, oldest first.</summary>
    public IReadOnlyList<FakeTwilioMessage> Messages => [.. _messages];

    /// <summary>Every request that reached the fake, accepted or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The settings that point IdentityServer's Twilio sender at this fake.</summary>
    public Dictionary<string, string?> Settings(string authToken = AuthToken) => new()
    {
        ["Sms:Provider"] = "Twilio",
        ["Sms:Twilio:AccountSid"] = AccountSid,
        ["Sms:Twilio:AuthToken"] = authToken,
        ["Sms:Twilio:From"] = From,
        ["Sms:Twilio:BaseUrl"] = BaseAddress.AbsoluteUri,
    };

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", fake.CreateMessageAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return fake;
    }

    private async Task<IResult> CreateMessageAsync(string accountSid, HttpRequest request)
    {
        Interlocked.Increment(ref _requests);
        if (!Authorized(request, accountSid))
        {
            return Error(20003, "Authenticate", HttpStatusCode.Unauthorized);
        }

        var form = await request.ReadFormAsync();
        string to = form["To"].ToString(), from = form["From"].ToString(), service = form["MessagingServiceSid"].ToString();
        var body = form["Body"].ToString();
        if (!E164().IsMatch(to) || to == InvalidNumber)
        {
            return Error(21211, $"The 'To' number {to} is not a valid phone number.", HttpStatusCode.BadRequest);
        }

        if (from.Length == 0 && service.Length == 0)
        {
            return Error(21603, "A 'From' phone number is required.", HttpStatusCode.BadRequest);
        }

        if (body.Length == 0)
        {
            return Error(21602, "Message body is required.", HttpStatusCode.BadRequest);
        }

        var message = new FakeTwilioMessage("SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), accountSid, to,
            from.Length == 0 ? null : from, service.Length == 0 ? null : service, body);
        _messages.Enqueue(message);
        var created = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        return Results.Json(new Dictionary<string, object?>
        {
            ["sid"] = message.Sid,
            ["account_sid"] = accountSid,
            ["api_version"] = "2010-04-01",
            ["to"] = to,
            ["from"] = message.From,
            ["messaging_service_sid"] = message.MessagingServiceSid,
            ["body"] = body,
            ["status"] = "queued",
            ["direction"] = "outbound-api",
            ["num_segments"] = "1",
            ["num_media"] = "0",
            ["date_created"] = created,
            ["date_updated"] = created,
            ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Messages/{message.Sid}.json",
        }, statusCode: StatusCodes.Status201Created);
    }

    private static bool Authorized(HttpRequest request, string accountSid)
    {
        var header = request.Headers.Authorization.ToString();
        if (accountSid != AccountSid || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}");
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header["Basic ".Length..]), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(int code, string message, HttpStatusCode status) => Results.Json(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = (int)status,
    }, statusCode: (int)status);

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A message the fake Twilio accepted.</summary>
public sealed record FakeTwilioMessage(string Sid, string AccountSid, string To, string? From, string? MessagingServiceSid, string Body);
