using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.LocalWorkflow.Simulation;
using CspFunctions.Durable;
using CspFunctions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>
/// The Functions app's services, built by its own builder and registrations as in Azure
/// (development mode off, the platform's App Service authentication on, an API key set) over in-memory
/// stores, and a Moq durable client for the functions' <c>[DurableClient]</c> parameter, the seam
/// where the workflow starts and signals orchestrations. Not started: the functions are called
/// directly, as the worker would.
/// </summary>
public sealed class FunctionsApp : IAsyncDisposable
{
    public const string ApiKey = "functions-test-key-0123456789";

    private readonly List<string> _scheduled = [];
    private IHost _host = default!;

    private FunctionsApp(Mock<DurableTaskClient> client)
    {
        Client = client;
        BehaveLikeAClient();
    }

    public Mock<DurableTaskClient> Client { get; }

    public IServiceProvider Services => _host.Services;

    public CspWebPipeline Pipeline => Services.GetRequiredService<CspWebPipeline>();

    /// <summary>The client the workflow's services use: whichever a running function has bound.</summary>
    public InvocationDurableTaskClient Durable => Services.GetRequiredService<InvocationDurableTaskClient>();

    public static FunctionsApp Create(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool platformAuthentication = true, bool partnership = true)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        var values = new Dictionary<string, string?>(partnership ? SamplePartnership.Settings() : new Dictionary<string, string?>())
        {
            ["Csp:Development:Enabled"] = "false",
            ["Csp:ApiKeys"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);

        var client = new Mock<DurableTaskClient>("test") { CallBase = true };
        var app = new FunctionsApp(client);
        // As behind App Service authentication: the platform says it is on (WEBSITE_AUTH_ENABLED).
        builder.Services.AddSingleton(Csp.Web.Auth.PlatformAuthentication.Fixed(platformAuthentication));
        services?.Invoke(builder.Services);
        builder.Services.AddCspFunctionsApp(builder.Configuration);
        app._host = builder.Build();
        return app;
    }

    /// <summary>Instances scheduled through the client, in order.</summary>
    public IReadOnlyList<string> Scheduled
    {
        get
        {
            lock (_scheduled) return [.. _scheduled];
        }
    }

    /// <summary>The seam behaves like a real client: a scheduled instance exists afterwards.</summary>
    private void BehaveLikeAClient()
    {
        Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) =>
            {
                var id = options?.InstanceId ?? Guid.NewGuid().ToString("N");
                lock (_scheduled) _scheduled.Add(id);
                return id;
            });
        Client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) =>
            {
                lock (_scheduled)
                {
                    return _scheduled.Contains(id)
                        ? new OrchestrationMetadata("IncidentOrchestration", id) { RuntimeStatus = OrchestrationRuntimeStatus.Running, CreatedAt = DateTimeOffset.UtcNow, LastUpdatedAt = DateTimeOffset.UtcNow }
                        : null;
                }
            });
    }

    /// <summary>A request as the worker hands it to a function: a fresh context over a request scope.</summary>
    public FunctionRequest Request(string method, string path, string? query = null)
    {
        var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var response = new StartingResponseFeature();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(response.Content));
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("csp.exampleshire.example");
        context.Request.Path = path;
        if (query is not null) context.Request.QueryString = new QueryString(query);
        return new FunctionRequest(context, response, scope);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
    }
}

/// <summary>One request to a function and, once it has run, its response.</summary>
public sealed class FunctionRequest(DefaultHttpContext context, StartingResponseFeature response, AsyncServiceScope scope) : IAsyncDisposable
{
    public HttpContext Context => context;

    public HttpRequest Http => context.Request;

    public FunctionRequest Header(string name, string value)
    {
        context.Request.Headers[name] = value;
        return this;
    }

    public FunctionRequest Json(string json) => Body("application/json", json);

    public FunctionRequest Body(string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        return this;
    }

    /// <summary>Signed in through App Service authentication (the headers the platform sets) with one role, and the account's email when given.</summary>
    public FunctionRequest SignedIn(string name, string role, string? email = null)
    {
        var emailClaim = email is null ? "" : $$""",{"typ":"preferred_username","val":"{{email}}"}""";
        var principal = $$"""{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"{{name}}"},{"typ":"roles","val":"{{role}}"}{{emailClaim}}]}""";
        return Header("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)))
            .Header("X-MS-CLIENT-PRINCIPAL-NAME", name);
    }

    /// <summary>Runs the function, then starts the response as the server would (its OnStarting callbacks run).</summary>
    public async Task<FunctionResponse> RunAsync(Func<HttpRequest, Task<IResult>> function)
    {
        var result = await function(context.Request);
        await result.ExecuteAsync(context);
        await response.StartAsync();
        return new FunctionResponse(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(response.Content.ToArray()));
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}

public sealed record FunctionResponse(int Status, IHeaderDictionary Headers, string Body)
{
    public System.Text.Json.JsonElement Json() => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}

/// <summary>A response feature that, like a server's, runs the OnStarting callbacks once (where security headers are set).</summary>
public sealed class StartingResponseFeature : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
    private bool _started;

    public MemoryStream Content { get; } = new();

    public override bool HasStarted => _started;

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

    public async Task StartAsync()
    {
        if (_started) return;
        _started = true;
        // Registered last runs first, as in Kestrel.
        for (var i = _starting.Count - 1; i >= 0; i--) await _starting[i].Callback(_starting[i].State);
    }
}
