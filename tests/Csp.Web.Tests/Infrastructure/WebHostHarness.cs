using Csp.Testing;
using System.Net;
using Csp.Host.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// The real local host (its own builder, middleware and endpoints) on Kestrel at 127.0.0.1:0.
/// Contract tests replace the workflow with fakes through <paramref name="services"/>; end-to-end
/// tests give it an Azurite connection string and keep the real workflow.
/// </summary>
public sealed class WebHostHarness : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebHostHarness(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WebHostHarness> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        // A free port chosen up front, so links the workflow writes into emails point at this host.
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        var overrides = new Dictionary<string, string?>
        {
            ["urls"] = url,
            ["Csp:Development:Enabled"] = "true",
            ["Csp:PublicBaseUrl"] = url,
            // The suite's hosts share a loaded machine: an action waits longer for the process's decision before answering "still being recorded".
            ["Csp:SubmissionPatienceSeconds"] = "60",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        var app = CspLocalHost.Build(new LocalHostOptions
        {
            Overrides = overrides,
            ConfigureServices = services,
            MinimumLogLevel = LogLevel.Warning,
        });
        await app.StartAsync();
        return new WebHostHarness(app, CspLocalHost.Address(app));
    }


    /// <summary>A client that follows no redirects; with <paramref name="cookies"/> it keeps cookies like a browser.</summary>
    public HttpClient Client(bool cookies = false, CookieContainer? container = null)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies || container is not null,
            CookieContainer = container ?? new CookieContainer(),
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
