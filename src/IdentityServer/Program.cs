using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection;
using Aict.IdentityServer.Platform;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Platform.Pruning;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.Protocol.Endpoints;
using Aict.IdentityServer.Protocol.Registration;
using Aict.IdentityServer.Provisioning.Scim;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Passwords;
using Aict.IdentityServer.SignIn.PasswordReset;
using Aict.IdentityServer.SignIn.SignUp;
using Aict.IdentityServer.SignIn.Users;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTrustedProxies();
// IdentityServer writes the revocation list, and checks its own access tokens against it as resource servers do.
builder.AddRevocationWriter();
builder.AddRevocationReader();

// Platform
builder.AddIdentityDatabase();
builder.AddHostedPages();
builder.AddTablePruning();
builder.AddFailureThrottles();

// Protocol
builder.AddAuthorizationServer();
builder.AddClientRegistration();

// Sign-in and factors
builder.AddUserAccounts();
builder.AddPasswordPolicy();
builder.AddPasswordReset();
builder.AddSelfServiceSignUp();
builder.AddMultiFactorAuthentication();
builder.AddSmsCodes();
builder.AddPasskeys();

// Sessions and logout
builder.AddSsoSessions();
builder.AddBackchannelLogout();

// Administration
builder.AddAccountApi();
builder.AddAuditTrail();

// Provisioning
builder.AddScimProvisioning();

// Detection and alerts
builder.AddSignInDetection();

var app = builder.Build();

if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.PrepareIdentityDatabaseAsync();

app.UseTrustedProxies();
app.UseUnreadableRequestAnswers();
app.UseHostedPageSecurity();
app.UseClientAuthenticationThrottle();
app.UsePageServices();
app.UseDatabaseOutagePages();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapConnectEndpoints();
app.MapClientRegistration();
app.MapAccountApi();
app.MapAdminApi();
app.MapScimApi();
app.MapRazorPages();
app.MapDevelopmentOutbox();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
