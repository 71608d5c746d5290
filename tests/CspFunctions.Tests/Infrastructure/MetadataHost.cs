using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.LocalWorkflow.Simulation;
using CspFunctions.Tests.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>
/// What the Functions host and worker do with the build output, on a real Kestrel: each HTTP
/// function of <c>functions.metadata</c> is mapped at its route and methods (host.json's empty
/// prefix), matched by routing first as in the worker, and its entry point is invoked with the
/// request, and with a Moq durable client where it declares a <c>durableClient</c> binding. The
/// app's services are its own registrations over in-memory stores.
/// </summary>
public sealed class MetadataHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetadataHost(WebApplication app, Uri address, Mock<DurableTaskClient> client)
    {
        _app = app;
        BaseAddress = address;
        DurableClient = client;
    }

    public Uri BaseAddress { get; }

    public Mock<DurableTaskClient> DurableClient { get; }

    public static async Task<MetadataHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(SamplePartnership.Settings())
        {
            ["Csp:Development:Enabled"] = "false",
            ["Csp:ApiKeys"] = FunctionsApp.ApiKey,
        });
        var client = new Mock<DurableTaskClient>("test") { CallBase = true };
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options?.InstanceId ?? "");
        builder.Services.AddSingleton(Csp.Web.Auth.PlatformAuthentication.Fixed(true));
        builder.Services.AddCspFunctionsApp(builder.Configuration);

        var app = builder.Build();
        app.UseRouting();
        var assembly = typeof(CspFunctions.Http.CspWebPipeline).Assembly;
        foreach (var function in FunctionEntry.Read(Path.Combine(Repository.FunctionsBuildOutput, "functions.metadata")).Where(f => f.TriggerType == "httpTrigger"))
        {
            var split = function.EntryPoint.LastIndexOf('.');
            var type = assembly.GetType(function.EntryPoint[..split], throwOnError: true)!;
            var method = type.GetMethod(function.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance)!;
            // The host supplies what the metadata declares: the request, and the durable client where bound.
            Assert.Equal(function.Bindings.Contains("durableClient"), method.GetParameters().Any(p => p.ParameterType == typeof(DurableTaskClient)));
            app.MapMethods("/" + function.Route, function.Methods, async context =>
            {
                var instance = ActivatorUtilities.CreateInstance(context.RequestServices, type);
                var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(DurableTaskClient) ? client.Object : (object)context.Request).ToArray();
                var result = await (Task<IResult>)method.Invoke(instance, arguments)!;
                await result.ExecuteAsync(context);
            }).WithDisplayName(function.Name);
        }
        await app.StartAsync();
        var address = app.Urls.Select(u => new Uri(u)).First();
        return new MetadataHost(app, address, client);
    }

    public HttpClient HttpClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
