using System.Collections.Concurrent;
using System.Net;
using Csp.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csp.Web.Tests.Http;

/// <summary>What an unexpected failure leaves in the log: the route that failed and the exception's type, never its message.</summary>
public sealed class ErrorLoggingTests : IAsyncLifetime
{
    private readonly FakeIncidentService _incidents = new(TimeProvider.System);
    private readonly CapturingLoggerProvider _log = new();
    private WebHostHarness _host = default!;

    public async Task InitializeAsync() =>
        _host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?> { ["Csp:Storage:Mode"] = "InMemory" },
            services =>
            {
                FakeRegistration.Use(_incidents, new FakeCapabilityLinks())(services);
                services.AddSingleton<ILoggerProvider>(_log);
            });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UnexpectedFailure_IsLoggedWithItsRouteTemplateAndNotItsMessage()
    {
        var client = _host.Client();
        var submitted = await client.PostAsync("/api/referrals", TestData.Json(TestData.SampleReferralJson));
        var id = (await submitted.ReadJsonAsync()).GetProperty("incidentId").GetString()!;
        _incidents.OnAction = (_, _, _) => throw new InvalidOperationException("Robin Testchild's record could not be written");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/actions/record-notification")
        {
            Content = TestData.Json("""{ "dateSent": "2024-03-25", "panelReference": "NP-123" }"""),
        }.AsDevUser();

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var line = Assert.Single(_log.Lines, l => l.Contains("failed with", StringComparison.Ordinal));
        Assert.Contains("Request POST /api/incidents/{incidentId}/actions/{action} failed with System.InvalidOperationException", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("Robin", StringComparison.Ordinal) || l.Contains(id, StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
            }
        }
    }
}
