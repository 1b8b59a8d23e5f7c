using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// The test channel's order page, a relying party doing RFC 9470 step-up: it places an order at CommerceApi with
/// the user's access token; on <c>insufficient_user_authentication</c> it sends the user back to IdentityServer
/// with the challenge's <c>acr_values</c> and, once signed in again, retries with the new token.
/// Elements the tests find: #order-id, #order-total, #order-refused.
/// </summary>
internal static partial class TestChannelOrders
{
    public const string CommerceClient = "commerce";

    /// <summary>The authentication property the OpenID Connect handler turns into the <c>acr_values</c> parameter.</summary>
    public const string AcrValuesItem = "acr_values";

    public static void MapTestChannelOrders(this IEndpointRouteBuilder app) =>
        app.MapGet("/order", PlaceAsync).RequireAuthorization();

    // A GET places the order so the page can be returned to after the sign-in; the Idempotency-Key makes that retry safe.
    private static async Task<IResult> PlaceAsync(
        HttpContext context, IHttpClientFactory clients, Guid product, int quantity, string key, bool steppedUp = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { productId = product, quantity } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await context.GetTokenAsync("access_token"));
        request.Headers.Add("Idempotency-Key", key);
        using var response = await clients.CreateClient(CommerceClient).SendAsync(request);

        if (response.StatusCode == HttpStatusCode.Unauthorized && AcrValuesAskedFor(response) is { } acrValues && !steppedUp)
        {
            var properties = new AuthenticationProperties
            {
                RedirectUri = $"/order?product={product}&quantity={quantity}&key={Uri.EscapeDataString(key)}&steppedUp=true",
            };
            properties.Items[AcrValuesItem] = acrValues;
            return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
        }

        if (!response.IsSuccessStatusCode)
        {
            return TestChannelPages.Page(
                $"<p id=\"order-refused\">CommerceApi refused the order: {(int)response.StatusCode} {Encode(response.Headers.WwwAuthenticate.ToString())}</p>");
        }

        using var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = order.RootElement;
        return TestChannelPages.Page(
            $"<p>Order <strong id=\"order-id\">{Encode(root.GetProperty("id").GetString())}</strong> for "
            + $"<span id=\"order-total\">{root.GetProperty("total").GetDecimal()}</span> {Encode(root.GetProperty("currency").GetString())} placed.</p>");
    }

    /// <summary>The <c>acr_values</c> of a Bearer <c>insufficient_user_authentication</c> challenge (RFC 9470 §3), if that is what it is.</summary>
    private static string? AcrValuesAskedFor(HttpResponseMessage response)
    {
        var bearer = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme == "Bearer")?.Parameter ?? string.Empty;
        var parameters = AuthParameter().Matches(bearer).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        return parameters.GetValueOrDefault("error") == "insufficient_user_authentication" ? parameters.GetValueOrDefault("acr_values") : null;
    }

    private static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    // RFC 9110 §11.2 auth-params as CommerceApi writes them: name="quoted value", no escaped quotes inside.
    [GeneratedRegex("""(?<name>[A-Za-z_]+)="(?<value>[^"]*)"(?:,\s*|$)""")]
    private static partial Regex AuthParameter();
}
