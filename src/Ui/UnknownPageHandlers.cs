using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Ui;

/// <summary>
/// A post to a page that names no handler it has (none, or another name) is refused with 404. Razor
/// Pages would otherwise render the page without running any handler, on a model nothing loaded.
/// </summary>
public static class UnknownPageHandlers
{
    public static IMvcBuilder RefuseUnknownPageHandlers(this IMvcBuilder builder) =>
        builder.AddMvcOptions(options => options.Filters.Add(new Refusal()));

    private sealed class Refusal : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (context.HandlerMethod is null && !HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                context.Result = new NotFoundResult();
            }
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
