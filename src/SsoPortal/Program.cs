using Aict.SsoPortal.Extensions;
using Aict.SsoPortal.Logout;
using Aict.SsoPortal.Sessions;

namespace Aict.SsoPortal;

/// <summary>The users' SSO portal: a backend-for-frontend that keeps every token on the server.</summary>
public partial class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddTrustedProxies();
        builder.RequireAllowedHosts();
        builder.AddPortalRedis();
        builder.AddPortalAuthentication();
        builder.AddAccountApiClient();
        builder.AddPortalPages();

        var app = builder.Build();

        app.UseTrustedProxies();
        app.UsePortalSecurity();
        app.UsePortalLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseEndedSessionRedirect();

        app.MapDefaultEndpoints();
        app.MapBackchannelLogout();
        app.MapRazorPages();

        await app.RunAsync();
    }
}
