using Aict.CommerceApi.Errors;
using Scalar.AspNetCore;

namespace Aict.CommerceApi.Extensions;

internal static class ApiExtensions
{
    /// <summary>ProblemDetails for every error, request validation, and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddValidation();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// <c>/openapi/v1.json</c> and the browsable reference at <c>/scalar</c>, in Development only: elsewhere the
    /// document would map the whole surface for anyone who asks.
    /// </summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }

        return app;
    }
}
