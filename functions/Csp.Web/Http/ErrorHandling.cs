using Csp.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csp.Web.Http;

/// <summary>
/// Errors reach people as problem details (API) or a plain page: no stack trace, no exception
/// message (it may hold case data). The log gets the exception type and the request's trace id only.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseCspErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var feature = context.Features.Get<IExceptionHandlerFeature>();
                var error = feature?.Error;
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Csp.Web.Errors");
                var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
                if (status >= 500)
                    logger.LogError("Request {Method} {Route} failed with {ExceptionType} (trace {TraceId}).",
                        context.Request.Method, RouteTemplate(feature?.Endpoint), error?.GetType().FullName, context.TraceIdentifier);
                context.Response.StatusCode = status;
                await Write(context, status).ExecuteAsync(context);
            },
            // The exception is logged above without its message; the framework's own log line would include it.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            await Write(context, context.Response.StatusCode).ExecuteAsync(context);
        });
        return app;
    }

    private static IResult Write(HttpContext context, int status)
    {
        var (title, detail) = status switch
        {
            400 => ("The request is not valid", "The request could not be read."),
            404 => ("Not found", "There is nothing at this address."),
            405 => ("Method not allowed", "This address does not accept that method."),
            413 => ("The request body is too large", "The body is larger than this address accepts."),
            415 => ("Unsupported media type", "This address does not accept that content type."),
            >= 500 => ("Sorry, there is a problem with the service", "Try again later. Nothing you sent has been lost if you were told it was received."),
            _ => ("The request could not be completed", "The request could not be completed."),
        };
        if (WebPaths.IsApi(context.Request.Path) || !AcceptsHtml(context.Request))
            return Problems.Write(Problems.Body(status, title, detail) with { TraceId = context.TraceIdentifier });
        return status == 404 ? PageEndpoints.NotFoundPage() : PageResults.Message(status, title, detail);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Count == 0 || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.ToString().Contains("*/*", StringComparison.Ordinal);

    /// <summary>The route that failed (its template, which holds no ids or tokens); the handler runs after the endpoint is cleared, so it comes from the feature.</summary>
    private static string RouteTemplate(Endpoint? endpoint) =>
        (endpoint as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
}
