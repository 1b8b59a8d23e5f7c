using System.Net;
using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests;

/// <summary>The OpenAPI document maps the whole API: it is served in Development only.</summary>
[Collection(OnSqlite.Name)]
public sealed class ApiDocumentTests(SqliteServices services)
{
    [Fact]
    public async Task The_OpenAPI_document_is_served_in_Development()
    {
        using var response = await services.Anonymous().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_there_is_no_OpenAPI_document()
    {
        await using var database = TestDatabase.Sqlite();
        // Staging: Production itself refuses to start while orders have only local payment and shipping adapters.
        await using var staging = new CommerceApiFactory(services.Identity, database,
            new Dictionary<string, string?> { ["Identity:Authority"] = IdentityServerFactory.ProductionIssuer }, "Staging");
        using var api = staging.CreateClient(accessToken: null);

        using var response = await api.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
