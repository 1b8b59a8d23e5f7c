using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Extensions;
using Aict.CommerceApi.Orders;
using Aict.CommerceApi.Outbox;
using Aict.CommerceApi.Promotions;
using Aict.CommerceApi.Reservations;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTrustedProxies();
builder.RequireAllowedHosts();
builder.AddRevocationReader();
builder.AddCommerceDatabase();
builder.AddTokenSecurity();
builder.AddApiConventions();
builder.AddCatalog();
builder.AddOrders();
builder.AddOutbox();
builder.AddReservations();

var app = builder.Build();

if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

await app.PrepareCommerceDatabaseAsync();

app.UseTrustedProxies();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDatabaseOutageAnswers();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapApiDocuments();
app.MapCategoriesApi();
app.MapProductsApi();
app.MapPricesApi();
app.MapInventoryApi();
app.MapReviewsApi();
app.MapPromotionsApi();
app.MapOrdersApi();
app.MapSlotsApi();
app.MapReservationsApi();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
