using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>
/// The audit log across users: combined filters, a documented time range, paging, and exports as CSV and JSON lines.
/// On both databases: the joins, the instant comparisons and the streamed read are translated by each provider.
/// </summary>
public abstract class AdminAuditApiTests(ServerFixture server)
{
    private const string Header = "id,occurred_at,type,user_id,user_email,actor_id,actor_email,client_id,session_id,ip_address,user_agent";

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task Filters_on_user_client_and_type_combine_and_a_user_is_found_by_id_or_e_mail()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var user = await TestUsers.CreateAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        await AuditEvents.AddAsync(Factory, userId, 3);
        await AuditEvents.AddAsync(Factory, userId, 2, "consent_revoked", "channel-web");
        await AuditEvents.AddAsync(Factory, userId, 1, "consent_revoked", "channel-mobile");

        var byId = await ItemsAsync(admin, $"user={userId}&type=consent_revoked&client=channel-web");
        var byEmail = await ItemsAsync(admin, $"user={Uri.EscapeDataString(user.Email)}&client=channel-mobile");
        var byType = await ItemsAsync(admin, $"user={userId}&type=signed_in");
        var nobody = await ItemsAsync(admin, $"user={Uri.EscapeDataString(UnknownEmail)}");

        Assert.Equal(2, byId.Count);
        Assert.All(byId, e => Assert.Equal(("consent_revoked", "channel-web", userId, user.Email),
            (e.GetProperty("type").GetString(), e.GetProperty("clientId").GetString(), e.GetProperty("userId").GetString(), e.GetProperty("userEmail").GetString())));
        Assert.Equal("channel-mobile", Assert.Single(byEmail).GetProperty("clientId").GetString());
        Assert.Equal(3, byType.Count);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task The_time_range_includes_its_start_and_excludes_its_end_and_results_are_newest_first()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var userId = await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await AuditEvents.AddAsync(Factory, userId, 5, start: start);

        var found = await ItemsAsync(admin, $"user={userId}&from={Instant(start.AddMinutes(1))}&to={Instant(start.AddMinutes(3))}");

        Assert.Equal([start.AddMinutes(2), start.AddMinutes(1)], found.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()));
        var seoul = start.AddMinutes(1).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.Equal(4, (await ItemsAsync(admin, $"user={userId}&from={Uri.EscapeDataString(seoul)}")).Count);
    }

    [Theory]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("page=0", "page")]
    [InlineData("page=100001", "page")]
    [InlineData("client=%20%20", "client")]
    public async Task Bad_filters_are_validation_problems_never_500(string query, string field)
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);

        var search = await AdminUsersApiTests.ProblemAsync(await admin.Api.GetAsync($"/api/admin/audit?{query}"), HttpStatusCode.BadRequest);
        var export = await AdminUsersApiTests.ProblemAsync(await admin.Api.GetAsync($"/api/admin/audit/export?format=csv&{query}"), HttpStatusCode.BadRequest);

        Assert.NotEmpty(AdminUsersApiTests.ErrorsFor(search, field));
        Assert.NotEmpty(AdminUsersApiTests.ErrorsFor(export, field));
    }

    [Fact]
    public async Task Unreadable_values_and_unknown_formats_are_400_problems()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);

        Assert.NotEmpty(AdminUsersApiTests.ErrorsFor(
            await AdminUsersApiTests.ProblemAsync(await admin.Api.GetAsync("/api/admin/audit/export?format=xlsx"), HttpStatusCode.BadRequest), "format"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Api.GetAsync("/api/admin/audit?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Api.GetAsync("/api/admin/audit?page=two")).StatusCode);
    }

    [Fact]
    public async Task The_csv_export_is_an_attachment_with_a_header_quoted_cells_and_formulas_defused()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var email = AdminUsersApiTests.NewEmail();
        const string Hyperlink = "=HYPERLINK(\"https://evil.example\",\"x\")";
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/admin/users") { Content = JsonContent.Create(new { email }) })
        {
            create.Headers.TryAddWithoutValidation("User-Agent", Hyperlink);
            Assert.Equal(HttpStatusCode.Created, (await admin.Api.SendAsync(create)).StatusCode);
        }

        var userId = await TestUsers.IdOfAsync(Factory, new DemoUser(email, string.Empty));
        foreach (var agent in new[] { "+1+2", "-1+2", "@SUM(A1)", "\tcmd", "he said \"hi\", then\r\nleft", "관리자 브라우저" })
        {
            await AuditEvents.AddAsync(Factory, userId, 1, "signed_in", userAgent: agent);
        }

        using var response = await admin.Api.GetAsync($"/api/admin/audit/export?format=csv&user={Uri.EscapeDataString(email)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith(Header + "\r\n", text, StringComparison.Ordinal);
        var rows = Rfc4180.Parse(text);
        Assert.Equal(Header.Split(','), rows[0]);
        var created = Assert.Single(rows, r => r[2] == "user_created");
        Assert.Equal((userId, email, await TestUsers.IdOfAsync(Factory, DemoRealm.Admin), DemoRealm.Admin.Email), (created[3], created[4], created[5], created[6]));
        Assert.Equal("'" + Hyperlink, created[10]);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"", text, StringComparison.Ordinal);
        var agents = rows.Skip(1).Where(r => r[2] == "signed_in").Select(r => r[10]).ToList();
        Assert.Equal(["관리자 브라우저", "he said \"hi\", then\r\nleft", "'\tcmd", "'@SUM(A1)", "'-1+2", "'+1+2"], agents);
    }

    [Fact]
    public async Task The_json_lines_export_has_one_object_per_line_with_the_admin_as_actor()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var email = AdminUsersApiTests.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await admin.Api.PostAsJsonAsync("/api/admin/users", new { email, password = "Created#2026pw" })).StatusCode);
        var userId = await TestUsers.IdOfAsync(Factory, new DemoUser(email, string.Empty));
        await AuditEvents.AddAsync(Factory, userId, 2, userAgent: "=1+1");

        using var response = await admin.Api.GetAsync($"/api/admin/audit/export?format=jsonl&user={userId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".jsonl", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        var entries = lines[..^1].Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(3, entries.Count);
        var created = Assert.Single(entries, e => e.GetProperty("type").GetString() == "user_created");
        Assert.Equal(await TestUsers.IdOfAsync(Factory, DemoRealm.Admin), created.GetProperty("actor_id").GetString());
        Assert.Equal(DemoRealm.Admin.Email, created.GetProperty("actor_email").GetString());
        Assert.Equal(email, created.GetProperty("user_email").GetString());
        // JSON is data, not a spreadsheet: the value stays as it was.
        Assert.All(entries.Where(e => e.GetProperty("type").GetString() == "signed_in"), e => Assert.Equal("=1+1", e.GetProperty("user_agent").GetString()));
    }

    private static string UnknownEmail => $"nobody-{Guid.NewGuid():N}@example.com";

    private static string Instant(DateTimeOffset value) =>
        Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private static async Task<List<JsonElement>> ItemsAsync(PortalSession admin, string query) =>
        [.. (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/audit?{query}")).GetProperty("items").EnumerateArray()];
}

[Collection(OnSqlite.Name)]
public sealed class AdminAuditApiTestsOnSqlite(SqliteServer server) : AdminAuditApiTests(server);

[Collection(OnPostgres.Name)]
public sealed class AdminAuditApiTestsOnPostgres(PostgresServer server) : AdminAuditApiTests(server);

/// <summary>A strict RFC 4180 reader: what a spreadsheet program makes of the export.</summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { cell.Append(c); }
            }
            else if (c == '"' && cell.Length == 0) { quoted = true; }
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"Unquoted {(int)c} at {i}");
                cell.Append(c);
            }
        }

        Assert.True(row.Count == 0 && cell.Length == 0 && !quoted, "The export ends with CRLF after its last record.");
        return rows;
    }
}
