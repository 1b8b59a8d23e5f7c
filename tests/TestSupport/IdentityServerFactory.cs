using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport;

/// <summary>
/// The real IdentityServer pipeline (Development, demo realm seeded) on its own database, with a
/// clock the tests can move forward.
/// </summary>
public sealed class IdentityServerFactory(
    TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public const string Issuer = "http://localhost/";

    /// <summary>The issuer of a server started outside Development (where it must be https), unless the settings name one.</summary>
    public const string ProductionIssuer = "https://localhost/";

    /// <summary>Passkeys outside Development: an https origin on the relying party's domain.</summary>
    public static IReadOnlyDictionary<string, string?> ProductionPasskeySettings { get; } = new Dictionary<string, string?>
    {
        ["Mfa:Passkeys:RelyingPartyId"] = "aict.example",
        ["Mfa:Passkeys:Origins:0"] = "https://id.aict.example",
    };

    /// <summary>
    /// What Production requires besides a database, pointing nowhere real: an SMTP relay, Twilio credentials and the SMS code hash key.
    /// For tests that start a working Production server to check something else.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ProductionSettings { get; } = new Dictionary<string, string?>(ProductionPasskeySettings)
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:From"] = "no-reply@aict.example",
        ["Sms:Twilio:AccountSid"] = "ACunused",
        ["Sms:Twilio:AuthToken"] = "unused",
        ["Sms:Twilio:From"] = "+15005550006",
        ["Sms:CodeHashKey"] = SmsCodeHashKey,
    };

    /// <summary>A well-formed <c>Sms:CodeHashKey</c> for servers started outside Development (32 bytes, base64).</summary>
    public const string SmsCodeHashKey = "dGVzdC1vbmx5LXNtcy1jb2RlLWhhc2gta2V5LTMyYnl0ZXM=";

    public ShiftableClock Clock { get; } = new();

    /// <summary>Codes for the users' authenticator apps, on <see cref="Clock"/>.</summary>
    public AuthenticatorApp Authenticator => field ??= new AuthenticatorApp(Clock);

    public TestDatabase Database => database;

    /// <summary>This server's revocation-list prefix in the test Redis; resource servers of the same realm use it too.</summary>
    public string RevocationPrefix { get; } = settings?.GetValueOrDefault("Revocation:KeyPrefix") ?? TestRedis.NewPrefix();

    /// <summary>This server's throttle counters and block channel in the test Redis; instances that share it see each other's blocks.</summary>
    public string ThrottlePrefix { get; } = settings?.GetValueOrDefault("Throttling:KeyPrefix") ?? TestRedis.NewPrefix();

    /// <summary>This server's detection counters in the test Redis; instances that share it see the same attacks.</summary>
    public string DetectionPrefix { get; } = settings?.GetValueOrDefault("Detection:KeyPrefix") ?? TestRedis.NewPrefix();

    /// <summary>A browser-like client: keeps cookies, does not follow redirects by itself.</summary>
    public Browser CreateBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(Issuer),
    }));

    /// <summary>A plain back-channel client, as an application's server would use.</summary>
    public HttpClient CreateBackChannel() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = new Uri(Issuer),
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:identity", database.ConnectionString);
        builder.UseSetting("Seed:Demo", environment == "Development" ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every test request comes from the same (unknown) address; the limit tests set their own.
        builder.UseSetting("PasswordReset:RequestsPerClientAddress", "10000");
        builder.UseSetting("Registration:RequestsPerClientAddress", "10000");
        builder.UseSetting("Mfa:Passkeys:PasswordlessRequestsPerMinute", "10000");
        builder.UseSetting("Throttling:KeyPrefix", ThrottlePrefix);
        builder.UseSetting("Detection:KeyPrefix", DetectionPrefix);
        // The lockout tests prove the lockout with a handful of failures; the production count (100) leaves room for the
        // attack rules, whose tests start servers that restore it.
        builder.UseSetting("Identity:Lockout:MaxFailedAccessAttempts", "5");
        foreach (var limit in new[] { "SignIn:PerClientAddress", "SignIn:Global", "ClientAuthentication:PerClientAddress", "ClientAuthentication:Global" })
        {
            builder.UseSetting($"Throttling:{limit}:Failures", "10000");
        }

        if (environment == "Development")
        {
            // Tests create and sign in many users; the production count (and its floor outside Development) is tested on its own.
            builder.UseSetting("Passwords:HashIterations", "10000");
        }

        // The address the test clients call; settings may name another, or none (null) to see what happens without.
        builder.UseSetting("Server:Issuer", environment == "Development" ? Issuer : ProductionIssuer);
        if (environment != "Development")
        {
            // Production needs an encrypted key ring and a forwarded-headers choice; settings may name others, or none.
            foreach (var (key, value) in KeyRingCertificates.Shared.Settings())
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("ForwardedHeaders:Mode", "None");
        }

        foreach (var (key, value) in TestRedis.Settings(RevocationPrefix))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, TestClientAddress>();
        });
    }
}
