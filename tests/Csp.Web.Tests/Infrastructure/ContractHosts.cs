using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>The local host in development mode with the workflow replaced by fakes (HTTP-contract tests).</summary>
public sealed class DevelopmentHostFixture : IAsyncLifetime
{
    public FakeIncidentService Incidents { get; } = new(TimeProvider.System);
    public FakeCapabilityLinks Links { get; } = new();
    public WebHostHarness Host { get; private set; } = default!;

    public async Task InitializeAsync() =>
        Host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?> { ["Csp:Storage:Mode"] = "InMemory" },
            FakeRegistration.Use(Incidents, Links));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The host as it runs in Azure: development mode off, API keys set, App Service authentication
/// headers trusted (the platform strips them from incoming requests there).
/// </summary>
public sealed class ProductionModeHostFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-0123456789abcdef";
    public FakeIncidentService Incidents { get; } = new(TimeProvider.System);
    public FakeCapabilityLinks Links { get; } = new();
    public WebHostHarness Host { get; private set; } = default!;

    public async Task InitializeAsync() =>
        Host = await WebHostHarness.StartAsync(
            new Dictionary<string, string?>(Csp.Host.LocalHost.DevelopmentPartnership.Settings)
            {
                ["Csp:Storage:Mode"] = "InMemory",
                ["Csp:Development:Enabled"] = "false",
                ["Csp:ApiKeys"] = "another-key-abcdef0123, " + ApiKey,
            },
            services =>
            {
                // Behind App Service authentication: the platform says it is on.
                services.AddSingleton(Csp.Web.Auth.PlatformAuthentication.Fixed(true));
                FakeRegistration.Use(Incidents, Links)(services);
            });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
