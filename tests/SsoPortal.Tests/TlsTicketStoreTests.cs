using Aict.ServiceDefaults.Tests;
using Aict.SsoPortal.Extensions;
using Aict.SsoPortal.Sessions;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aict.SsoPortal.Tests;

/// <summary>The portal's Redis wiring in Production against a redis-server that speaks TLS only and knows one ACL user.</summary>
public sealed class TlsTicketStoreTests : IDisposable
{
    private readonly TlsRedisServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task In_Production_the_portal_stores_and_reads_its_tickets_over_TLS_as_an_ACL_user()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = _server.ConnectionString(),
            ["Redis:Tls:CaCertificatePath"] = _server.CaPath,
            ["Redis:Tls:ServerName"] = TlsRedisServer.ServerName,
            ["Portal:KeyPrefix"] = $"tls:{Guid.NewGuid():N}:portal:",
        });
        builder.Configuration.AddInMemoryCollection(KeyRingCertificates.Shared.Settings());
        builder.AddPortalRedis();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<RedisTicketStore>();

        var key = await store.StoreAsync(Tickets.For("sid-over-tls", accessToken: "access-over-tls"));
        var ticket = await store.RetrieveAsync(key);

        Assert.NotNull(ticket);
        Assert.Equal("access-over-tls", ticket.Properties.GetTokenValue("access_token"));
    }
}
