using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Aict.IdentityServer.FunctionalTests.HostedPages.ResetMail;

namespace Aict.IdentityServer.FunctionalTests.SignUp;

/// <summary><c>Registration:SelfService</c>: sign-up exists only where it is switched on, and Production has it off unless configured.</summary>
[Collection(OnSqlite.Name)]
public sealed class SignUpSwitchTests(SqliteServer server) : IAsyncLifetime
{
    // Not localhost, as a deployment looks; outside Development every page is https.
    private static readonly Uri ProductionIssuer = new("https://id.aict.example/");

    private readonly TestDatabase _productionDatabase = TestDatabase.Sqlite();

    [Fact]
    public async Task Switched_off_the_sign_up_pages_answer_404_and_the_sign_in_page_has_no_link()
    {
        await using var own = server.Factory.WithWebHostBuilder(builder => builder.UseSetting("Registration:SelfService", "false"));
        using var browser = BrowserOn(own);

        await AssertNoSignUpAsync(browser);
        using var post = await browser.Http.PostAsync("/account/sign-up", new FormUrlEncodedContent([new("Input.Email", "someone@example.com")]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task In_Production_sign_up_is_off_unless_configured()
    {
        await using var production = Production();
        using var browser = ProductionBrowser(production);

        await AssertNoSignUpAsync(browser);
    }

    [Fact]
    public async Task In_Production_configured_on_the_sign_in_page_links_to_a_working_sign_up_page()
    {
        await using var production = Production(("Registration:SelfService", "true"));
        using var browser = ProductionBrowser(production);

        var login = await browser.GoAsync("/account/login");
        var page = await browser.GoAsync(login.Document.QuerySelector("a#sign-up")!.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#Input_Email"));
    }

    private static async Task AssertNoSignUpAsync(Browser browser)
    {
        var login = await browser.GoAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Null(login.Document.QuerySelector("a#sign-up"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/account/sign-up")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync("/account/sign-up/sent")).Status);
    }

    private IdentityServerFactory Production(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { ["Server:Issuer"] = ProductionIssuer.AbsoluteUri };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new IdentityServerFactory(_productionDatabase, all, "Production");
    }

    private static Browser ProductionBrowser(IdentityServerFactory factory) => new(factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = ProductionIssuer,
    }));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _productionDatabase.DisposeAsync();
}
