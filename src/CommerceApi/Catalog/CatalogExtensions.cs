using Aict.CommerceApi.Promotions;

namespace Aict.CommerceApi.Catalog;

internal static class CatalogExtensions
{
    /// <summary>Catalogue and pricing services.</summary>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPriceQuoter, PriceQuoter>();
        return builder;
    }
}
