using Aict.IdentityServer.Account;
using Aict.IdentityServer.Admin;
using Aict.IdentityServer.Connect;
using Aict.IdentityServer.Email;
using Aict.IdentityServer.Extensions;
using Aict.IdentityServer.Passkeys;
using Aict.IdentityServer.Sms;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRevocationList();
builder.AddIdentityDatabase();
builder.AddUserAccounts();
builder.AddSsoSessions();
builder.AddBackchannelLogout();
builder.AddAuthorizationServer();
builder.AddHostedPages();
builder.AddAccountApi();
builder.AddPasswordReset();
builder.AddSmsCodes();
builder.AddMultiFactorAuthentication();
builder.AddMfaEnrolment();
builder.AddPasskeys();
builder.AddTablePruning();

var app = builder.Build();

if (await app.RunCommandAsync(args))
{
    return;
}

await app.PrepareIdentityDatabaseAsync();

app.UseUnreadableRequestAnswers();
app.UseHostedPageSecurity();
app.UsePageServices();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapConnectEndpoints();
app.MapAccountApi();
app.MapAdminApi();
app.MapRazorPages();
app.MapDevelopmentOutbox();

await app.RunAsync();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
