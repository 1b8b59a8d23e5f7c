var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTrustedProxies();
builder.RequireTransportSecurity();
builder.AddEdgeLimits();
builder.AddGatewayProxy();

var app = builder.Build();

app.UseTrustedProxies();
app.UseEdgeLimits();
app.MapDefaultEndpoints();
app.MapGatewayProxy();

await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
