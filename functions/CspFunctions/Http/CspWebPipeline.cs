using Csp.Web;
using CspFunctions.Durable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace CspFunctions.Http;

/// <summary>
/// The local host's request pipeline (<see cref="WebServiceCollectionExtensions.UseCspWeb"/> and
/// <see cref="WebServiceCollectionExtensions.MapCspWeb"/>), built once over the worker's services,
/// so an HTTP function answers exactly as the local host does: the same handler, status codes,
/// problem details, security headers, static files, staff authentication and authorisation.
/// The Functions host routes a request to the function whose route matches; the function hands
/// it here, where Csp.Web's routing finds the same route again.
/// </summary>
public sealed class CspWebPipeline
{
    private readonly RequestDelegate _pipeline;
    private readonly InvocationDurableTaskClient _durable;

    public CspWebPipeline(IServiceProvider services, InvocationDurableTaskClient durable)
    {
        _durable = durable;
        var app = new ApplicationBuilder(services);
        app.UseCspWeb();
        app.UseEndpoints(endpoints => endpoints.MapCspWeb());
        _pipeline = app.Build();
    }

    /// <summary>
    /// Runs the request through the pipeline and returns a result for the worker that adds nothing:
    /// the response is already written.
    /// </summary>
    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        var context = request.HttpContext;
        // The worker's own routing chose the function's endpoint; Csp.Web routes the request itself.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        await _pipeline(context);
        return Results.Empty;
    }

    /// <summary>
    /// As <see cref="HandleAsync(HttpRequest)"/>, for a function that starts or signals an
    /// orchestration: the workflow's services reach Durable Functions through
    /// <paramref name="client"/>, the function's <c>[DurableClient]</c> binding, for this request.
    /// </summary>
    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client)
    {
        using (_durable.Use(client))
        {
            return await HandleAsync(request);
        }
    }
}
