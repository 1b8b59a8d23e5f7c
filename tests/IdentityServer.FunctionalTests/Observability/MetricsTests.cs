using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.FunctionalTests.Passkeys;
using Aict.IdentityServer.FunctionalTests.Sms;
using Aict.IdentityServer.Sessions;

namespace Aict.IdentityServer.FunctionalTests.Observability;

/// <summary>
/// <c>/metrics</c> in Development: the aict_* counters move as sign-ins, challenges and grants happen. Servers of other
/// tests share the process (and so the meters), so each test reads a delta and asks for at least its own events.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class MetricsTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_password_sign_in_moves_the_sign_in_counter_with_its_method_and_result()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);
        var flow = new CodeFlow(Factory);

        await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), await TestUsers.CreateAsync(Factory));

        await MovedAsync(scraper, before, "aict_signins_total", "method=password", "result=success");
    }

    [Fact]
    public async Task A_client_credentials_grant_counts_a_token_by_grant_type_and_client()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);

        var tokens = await new TokenClient(Factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        Assert.NotNull(tokens.AccessToken);
        await MovedAsync(scraper, before, "aict_tokens_issued_total", "grant_type=client_credentials", "client_id=partner-erp");
    }

    [Fact]
    public async Task A_refused_token_request_counts_its_error_code_and_never_the_unknown_client_it_named()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);
        var unknown = new DemoClient($"nobody-{Guid.NewGuid():N}", "wrong", null, null);

        var refused = await new TokenClient(Factory.CreateBackChannel()).ClientCredentialsAsync(unknown, "products:read");

        Assert.Equal("invalid_client", refused.Error);
        var after = await MovedAsync(scraper, before, "aict_token_errors_total", "error=invalid_client");
        Assert.DoesNotContain(unknown.ClientId, after.Text);
    }

    [Fact]
    public async Task Second_factor_challenges_count_the_wrong_and_the_right_answer()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);
        var user = await MfaUsers.WithTotpAsync(Factory);
        var flow = new CodeFlow(Factory);
        var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        var code = Factory.Authenticator.NextCode(user.TotpSecret!);

        var afterWrong = await flow.Browser.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = code == "000000" ? "111111" : "000000" });
        var accepted = await flow.Browser.SubmitAsync(afterWrong, new Dictionary<string, string> { ["Code"] = code });

        Assert.NotNull(accepted.LeftTo);
        await MovedAsync(scraper, before, "aict_mfa_challenges_total", "factor=totp", "result=failure");
        await MovedAsync(scraper, before, "aict_mfa_challenges_total", "factor=totp", "result=success");
        await MovedAsync(scraper, before, "aict_signins_total", "method=password", "result=mfa_required");
    }

    [Fact]
    public async Task A_sign_in_code_sent_by_sms_counts_as_an_sms_challenge_sent()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);
        var user = await MfaUsers.WithPhoneAsync(Factory, SmsServer.NewNumber());
        var flow = new CodeFlow(Factory);
        var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);

        var sent = await flow.Browser.SubmitAsync(challenge, new Dictionary<string, string>(), "#send-sms");

        Assert.Null(sent.Document.QuerySelector("#mfa-error"));
        await MovedAsync(scraper, before, "aict_mfa_challenges_total", "factor=sms", "result=sent");
    }

    [Fact]
    public async Task Refused_passkeys_count_as_failed_passkey_sign_ins_and_failed_passkey_challenges()
    {
        using var scraper = Factory.CreateBackChannel();
        var before = await Scrape.ReadAsync(scraper);
        var flow = new CodeFlow(Factory);
        var login = await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
        var user = await TestUsers.CreateAsync(Factory);
        await PasskeyRows.AddAsync(Factory, await TestUsers.IdOfAsync(Factory, user));

        var refused = await flow.Browser.SubmitAsync(login, ForgedPasskey(), "#passkey-button");
        // A user whose only factor is a passkey goes from the password straight to the passkey step.
        var second = new CodeFlow(Factory);
        var step = await second.Browser.SignInAsync(await second.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        var refusedStep = await second.Browser.SubmitAsync(step, ForgedPasskey(), "#passkey-button");

        Assert.Equal("/Account/Passkey", refused.Path);
        Assert.Equal("/Account/Mfa/Passkey", refusedStep.Path);
        await MovedAsync(scraper, before, "aict_signins_total", "method=passkey", "result=failure");
        await MovedAsync(scraper, before, "aict_mfa_challenges_total", "factor=passkey", "result=failure");
    }

    [Fact]
    public async Task The_active_session_gauge_counts_a_new_session_once_its_cached_count_is_refreshed()
    {
        using var scraper = Factory.CreateBackChannel();
        await Scrape.ReadAsync(scraper);
        var flow = new CodeFlow(Factory);

        await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), await TestUsers.CreateAsync(Factory));
        Factory.Clock.Advance(ActiveSessionCount.RefreshInterval);

        await Eventually.MatchAsync(() => Scrape.ReadAsync(scraper), scrape => scrape.Value("aict_sessions_active") >= 1, "a live session counted");
    }

    [Fact]
    public async Task Standard_instruments_are_served_beside_the_aict_ones()
    {
        using var scraper = Factory.CreateBackChannel();
        await new TokenClient(Factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        var scrape = await Eventually.MatchAsync(() => Scrape.ReadAsync(scraper),
            s => s.Has("http_server_request_duration_seconds_count") && s.Has("microsoft_entityframeworkcore_queries_total"), "standard instruments");

        Assert.True(scrape.Has("aict_redis_connected"));
        Assert.Contains(scrape.Names, name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(scrape.Names, name => name.StartsWith("kestrel_", StringComparison.Ordinal) || name.StartsWith("aspnetcore_", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> ForgedPasskey() => new()
    {
        ["CeremonyId"] = Guid.NewGuid().ToString("N"),
        ["Credential"] = """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}""",
    };

    /// <summary>Scrapes until the sample has grown past its value in <paramref name="before"/> (the exporter caches a scrape briefly).</summary>
    internal static Task<Scrape> MovedAsync(HttpClient scraper, Scrape before, string name, params string[] labels) =>
        Eventually.MatchAsync(() => Scrape.ReadAsync(scraper), after => after.Value(name, labels) > before.Value(name, labels),
            $"{name}{{{string.Join(',', labels)}}} to move");
}
