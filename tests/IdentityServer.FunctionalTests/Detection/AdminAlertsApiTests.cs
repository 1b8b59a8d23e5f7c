using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.FunctionalTests.Administration;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>The console's alerts API: filters, newest first, one alert, acknowledging once with an audit event; admins only.</summary>
[Collection(AlertsOnSqlite.Name)]
public sealed class AdminAlertsApiTests(AlertServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Filters_on_type_severity_and_acknowledgement_combine_and_the_newest_comes_first()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var subject = Guid.NewGuid().ToString("N");
        var older = await server.RaiseAsync(SecurityAlertTypes.PasswordSpray, AlertSeverities.Medium, subject: subject);
        var newer = await server.RaiseAsync(SecurityAlertTypes.PasswordSpray, AlertSeverities.Medium, subject: subject);
        var high = await server.RaiseAsync(SecurityAlertTypes.PasswordSpray, AlertSeverities.High, subject: subject);
        Assert.Equal(HttpStatusCode.OK, (await admin.Api.PostAsync($"/api/admin/alerts/{older.Id}/acknowledge", null)).StatusCode);

        var medium = await IdsAsync(admin, "type=password_spray&severity=medium", subject);
        var open = await IdsAsync(admin, "type=password_spray&acknowledged=false", subject);
        var done = await IdsAsync(admin, "acknowledged=true", subject);
        var otherType = await IdsAsync(admin, "type=brute_force", subject);

        Assert.Equal([newer.Id, older.Id], medium);
        Assert.Equal([high.Id, newer.Id], open);
        Assert.Equal([older.Id], done);
        Assert.Empty(otherType);
    }

    [Fact]
    public async Task The_time_range_includes_its_start_and_excludes_its_end()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var alert = await server.RaiseAsync(SecurityAlertTypes.ImpossibleTravel, AlertSeverities.Medium);
        var at = Uri.EscapeDataString(alert.RaisedAt.ToString("O"));
        var after = Uri.EscapeDataString(alert.RaisedAt.AddTicks(1).ToString("O"));

        Assert.Contains(alert.Id, await IdsAsync(admin, $"from={at}", alert.Subject!));
        Assert.Empty(await IdsAsync(admin, $"from={after}", alert.Subject!));
        Assert.Empty(await IdsAsync(admin, $"to={at}", alert.Subject!));
    }

    [Fact]
    public async Task Acknowledging_records_who_and_when_once_and_audits_it()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var alert = await server.RaiseAsync(SecurityAlertTypes.MfaFatigue, AlertSeverities.Medium, Guid.NewGuid().ToString());

        var first = await admin.Api.PostAsync($"/api/admin/alerts/{alert.Id}/acknowledge", null);
        var firstView = await first.Content.ReadFromJsonAsync<JsonElement>();
        var second = await admin.Api.PostAsync($"/api/admin/alerts/{alert.Id}/acknowledge", null);
        var shown = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/alerts/{alert.Id}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(admin.UserId, shown.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(firstView.GetProperty("acknowledgedAt").GetDateTimeOffset(), shown.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal(["raised by a test", "second reason"], shown.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await using var scope = Factory.Services.CreateAsyncScope();
        var audited = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.Type == "security_alert_acknowledged" && e.ActorId == admin.UserId).Select(e => e.Detail).ToListAsync();
        Assert.Single(audited, detail => detail!.Contains($"\"alert\":{alert.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_alert_is_404_on_reading_and_acknowledging()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        await AdminUsersApiTests.ProblemAsync(await admin.Api.GetAsync("/api/admin/alerts/999999999"), HttpStatusCode.NotFound);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.PostAsync("/api/admin/alerts/999999999/acknowledge", null), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("type=phishing", "type")]
    [InlineData("severity=critical", "severity")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("page=0", "page")]
    public async Task Bad_filters_are_validation_problems_never_500(string query, string field)
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        var problem = await AdminUsersApiTests.ProblemAsync(await admin.Api.GetAsync($"/api/admin/alerts?{query}"), HttpStatusCode.BadRequest);

        Assert.NotEmpty(AdminUsersApiTests.ErrorsFor(problem, field));
    }

    [Fact]
    public async Task Unreadable_values_are_400()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Api.GetAsync("/api/admin/alerts?acknowledged=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Api.GetAsync("/api/admin/alerts?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task Only_administrators_see_or_acknowledge_alerts()
    {
        var alert = await server.RaiseAsync(SecurityAlertTypes.BruteForce, AlertSeverities.High);
        var user = await PortalSession.SignInAsync(Factory, await TestUsers.CreateAsync(Factory));
        using var anonymous = Factory.CreateBackChannel();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.GetAsync("/api/admin/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.PostAsync($"/api/admin/alerts/{alert.Id}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/alerts")).StatusCode);
        Assert.Null((await server.AlertsAsync(SecurityAlertTypes.BruteForce, a => a.Id == alert.Id))[0].AcknowledgedAt);
    }

    private static async Task<List<long>> IdsAsync(ConsoleAdministrator admin, string query, string subject)
    {
        var ids = new List<long>();
        for (var page = 1; ; page++)
        {
            var found = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/alerts?{query}&page={page}");
            ids.AddRange(found.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("subject").GetString() == subject).Select(a => a.GetProperty("id").GetInt64()));
            if (!found.GetProperty("hasMore").GetBoolean())
            {
                return ids;
            }
        }
    }
}
