using System.Text;
using System.Text.Json;

namespace Aict.IdentityServer.FunctionalTests.Observability;

/// <summary>
/// <c>Logging:Console:FormatterName=json</c>: every record is one JSON object per line, and the audit record keeps its
/// fields. The console is the process's, so this collection runs alone.
/// </summary>
[Collection(Name)]
public sealed class JsonConsoleLogTests
{
    public const string Name = "Console output";

    [Fact]
    public async Task With_the_json_formatter_a_sign_in_is_one_audit_object_with_its_fields()
    {
        await using var database = TestDatabase.Sqlite();
        var console = new StringBuilder();
        var original = Console.Out;
        await using var factory = new IdentityServerFactory(database, new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Aict.Audit"] = "Information",
        });
        try
        {
            // The console logger takes the writer when the host is built.
            Console.SetOut(TextWriter.Synchronized(new StringWriter(console)));
            using var started = factory.CreateBackChannel();
            (await started.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
        }
        finally
        {
            Console.SetOut(original);
        }

        var user = await TestUsers.CreateAsync(factory);
        var userId = await TestUsers.IdOfAsync(factory, user);
        await new CodeFlow(factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);

        var record = await Eventually.MatchAsync(() => Task.FromResult(AuditRecords(console.ToString(), userId)), records => records.Count > 0,
            "the signed_in audit record on the console");
        var state = record[0].GetProperty("State");
        Assert.Equal(2900, record[0].GetProperty("EventId").GetInt32());
        Assert.Equal("signed_in", state.GetProperty("AuditType").GetString());
        Assert.False(string.IsNullOrEmpty(state.GetProperty("SessionId").GetString()));
        foreach (var field in new[] { "AuditEventId", "OccurredAt", "ClientId", "IpAddress", "UserAgent", "Outcome", "ActorId", "Detail" })
        {
            Assert.True(state.TryGetProperty(field, out _), $"the audit record has {field}");
        }
    }

    private static List<JsonElement> AuditRecords(string console, string userId)
    {
        var records = new List<JsonElement>();
        foreach (var line in console.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Each line must be a JSON object of its own; a line of another host's plain output would not start with '{'.
            if (!line.StartsWith('{'))
            {
                continue;
            }

            var json = JsonDocument.Parse(line).RootElement;
            if (json.GetProperty("Category").GetString() == "Aict.Audit"
                && json.GetProperty("State").TryGetProperty("UserId", out var id) && id.GetString() == userId
                && json.GetProperty("State").GetProperty("AuditType").GetString() == "signed_in")
            {
                records.Add(json.Clone());
            }
        }

        return records;
    }
}

[CollectionDefinition(JsonConsoleLogTests.Name, DisableParallelization = true)]
public sealed class OnTheConsoleAlone;
