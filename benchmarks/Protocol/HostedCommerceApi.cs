extern alias commerce;

using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// <c>serve-commerce [--anonymous]</c>: CommerceApi's real Program on Kestrel in this process, configured by the
/// same environment as the shipped service. With <c>--anonymous</c> only authentication is replaced, so the
/// difference to the plain mode is exactly token validation and the revocation check.
/// </summary>
internal sealed class HostedCommerceApi(bool anonymous) : WebApplicationFactory<commerce::Program>
{
    public static async Task ServeAsync(string[] args)
    {
        // WebApplicationFactory reads the content root from MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var address = new Uri(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")
            ?? throw new InvalidOperationException("ASPNETCORE_URLS (http://127.0.0.1:PORT) is required."));
        await using var host = new HostedCommerceApi(args.Contains("--anonymous"));
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, address.Port));
        host.StartServer();
        // The host's console lifetime turns SIGINT and SIGTERM into a stop; the driver normally just kills this process.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (anonymous)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<IPolicyEvaluator, EveryRequestIsThePartner>());
        }
    }

    /// <summary>Authenticates every request as partner-erp with <c>products:read</c>; the scope policies still run.</summary>
    private sealed class EveryRequestIsThePartner(IAuthorizationService authorization) : PolicyEvaluator(authorization)
    {
        public override Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
        {
            // The claims a client-credentials token from partner-erp carries that CommerceApi reads (Caller.From).
            var identity = new ClaimsIdentity(
                [new Claim("sub", "partner-erp"), new Claim("client_id", "partner-erp"), new Claim("scope", "products:read")],
                authenticationType: "Anonymous baseline", nameType: "sub", roleType: "role");
            context.User = new ClaimsPrincipal(identity);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(context.User, "Anonymous baseline")));
        }
    }
}
