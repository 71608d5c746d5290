using Csp.Host.LocalHost;
using Csp.Web.Http;
using CspFunctions.Http;
using CspFunctions.Timers;
using CspFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CspFunctions.Tests.Contract;

/// <summary>
/// The generated <c>functions.metadata</c> (what the Functions host reads to route requests and
/// start triggers) against the local host's own endpoints and the workflow's orchestrations and
/// activities: nothing the local host serves is missing, and nothing is there that no one knows.
/// </summary>
public sealed class FunctionsMetadataContractTests
{
    private static readonly IReadOnlyList<FunctionEntry> Functions =
        FunctionEntry.Read(Path.Combine(Repository.FunctionsBuildOutput, "functions.metadata"));

    /// <summary>Every route and method the local host maps, as "METHOD route" with no leading slash.</summary>
    private static readonly IReadOnlySet<string> LocalRoutes = ReadLocalRoutes();

    /// <summary>Static files the local host serves by prefix (middleware, not endpoints), and the function route that serves each.</summary>
    private static readonly IReadOnlyDictionary<string, string> StaticPrefixes = new Dictionary<string, string>
    {
        [StaticAssetPaths.GovUkAssets] = "assets/{*path}",
        [StaticAssetPaths.GovUkFrontend] = "govuk-frontend/{*path}",
        [StaticAssetPaths.Service] = "static/{*path}",
    };

    private static IReadOnlySet<string> ReadLocalRoutes()
    {
        var app = CspLocalHost.Build(new LocalHostOptions
        {
            Overrides = new Dictionary<string, string?>(DevelopmentPartnership.Settings) { ["Csp:Storage:Mode"] = "InMemory", ["urls"] = "http://127.0.0.1:0" },
            MinimumLogLevel = LogLevel.Warning,
        });
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.NotEmpty(methods);
            // A catch-all matches the same either way; the Functions host writes it with one star.
            foreach (var method in methods) routes.Add(method.ToUpperInvariant() + " " + endpoint.RoutePattern.RawText!.Trim('/').Replace("{**", "{*", StringComparison.Ordinal));
        }
        return routes;
    }

    /// <summary>The function's route as the local host writes it: the dashboard's root route is the empty route.</summary>
    private static string LocalForm(string route) => route == StaffPageFunctions.RootRoute ? "" : route;

    private static IEnumerable<FunctionEntry> HttpFunctions => Functions.Where(f => f.TriggerType == "httpTrigger");

    [Fact]
    public void FunctionsMetadata_EveryLocalHostRoute_HasAnHttpFunctionWithTheSameRouteAndMethod()
    {
        var served = HttpFunctions.SelectMany(f => f.Methods.Select(m => m + " " + LocalForm(f.Route!))).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("POST api/referrals", LocalRoutes);
        Assert.Contains("GET a/{token}", LocalRoutes);
        Assert.Contains("GET api/health", LocalRoutes);
        var missing = LocalRoutes.Where(r => !served.Contains(r)).ToList();
        Assert.Empty(missing);
        foreach (var route in StaticPrefixes.Values) Assert.Contains("GET " + route, served);
    }

    [Fact]
    public void FunctionsMetadata_EveryFunction_IsALocalHostRouteOrAWorkflowTask()
    {
        var orchestrators = WorkflowTasks(SdkOrchestrator, "Csp.Durable.ITaskOrchestrator");
        var activities = WorkflowTasks(SdkActivity, "Csp.Durable.ITaskActivity");
        Assert.Contains("IncidentOrchestration", orchestrators);
        Assert.Contains("SendNotice", activities);
        var unknown = new List<string>();
        foreach (var function in Functions)
        {
            var known = function.TriggerType switch
            {
                "httpTrigger" => function.Methods.Count > 0 && function.Methods.All(m =>
                    LocalRoutes.Contains(m + " " + LocalForm(function.Route!))
                    || (StaticPrefixes.Values.Contains(function.Route) && m is "GET" or "HEAD")),
                "orchestrationTrigger" => orchestrators.Contains(function.Name),
                "activityTrigger" => activities.Contains(function.Name),
                "timerTrigger" => ScheduledWork.Contains(function.Name),
                _ => false,
            };
            if (!known) unknown.Add($"{function.Name} ({function.TriggerType} {string.Join(",", function.Methods)} {function.Route})");
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void FunctionsMetadata_HttpFunctions_AreAnonymousAtTheHostSoTheHandlersDecide()
    {
        // A host-level key check would answer an empty 401 before the handler's problem details,
        // and refuse signed-in staff who send no key.
        Assert.All(HttpFunctions, f => Assert.Equal("Anonymous", f.AuthLevel, ignoreCase: true));
    }

    [Fact]
    public void FunctionsMetadata_FunctionNames_AreUnique()
    {
        Assert.Equal(Functions.Count, Functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(Functions.Count >= LocalRoutes.Count / 2, "the metadata holds the app's functions");
    }

    [Fact]
    public void FunctionsMetadata_EveryWorkflowTaskOnTheDurableTaskSdk_HasATriggerOfItsName()
    {
        // The orchestrations and activities written on Microsoft.DurableTask, each wrapped by a
        // hand-written [OrchestrationTrigger] or [ActivityTrigger] function of the class's name.
        var missing = WorkflowTasks(SdkOrchestrator).Select(n => (Name: n, Trigger: "orchestrationTrigger"))
            .Concat(WorkflowTasks(SdkActivity).Select(n => (Name: n, Trigger: "activityTrigger")))
            .Where(t => !Functions.Any(f => f.Name == t.Name && f.TriggerType == t.Trigger))
            .Select(t => $"{t.Name} ({t.Trigger})")
            .ToList();
        Assert.Empty(missing);
    }

    /// <summary>What the local host runs on a schedule (its background reader of calendar replies), as timer functions.</summary>
    private static readonly IReadOnlySet<string> ScheduledWork = new HashSet<string>(StringComparer.Ordinal) { nameof(MeetingReplyFunctions.ReadMeetingReplies) };

    /// <summary>The routes whose handlers start an incident, raise a step's event or redeem a link (which raises one).</summary>
    private static readonly string[] StartOrSignalRoutes =
    [
        nameof(ReferralFunctions.SubmitReferral), nameof(StaffPageFunctions.SubmitReferralForm), nameof(IncidentApiFunctions.PerformIncidentAction),
        nameof(StaffPageFunctions.IncidentPageAction), nameof(StaffPageFunctions.ResubmitReferral),
        nameof(CapabilityLinkFunctions.RedeemApprovalLink), nameof(CapabilityLinkFunctions.RedeemScopingLink), nameof(CapabilityLinkFunctions.DeclareScopingReturnImpossible),
    ];

    [Fact]
    public void FunctionsMetadata_DurableClientBinding_IsOnExactlyTheFunctionsThatStartOrSignalOrchestrations()
    {
        // Activities that take the SDK's client (they start watches and signal other instances).
        var activitiesWithClient = typeof(WorkflowServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.FullName == SdkActivity)
                && t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(DurableTaskClient))))
            .Select(t => t.Name)
            .ToList();
        Assert.Contains("SignalInstance", activitiesWithClient);
        var expected = StartOrSignalRoutes.Concat(activitiesWithClient).Concat(ScheduledWork).Order(StringComparer.Ordinal).ToList();

        var bound = Functions.Where(f => f.Bindings.Contains("durableClient")).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, bound);
    }

    [Fact]
    public void BuildOutput_Extensions_LoadDurableTaskInTheHost()
    {
        // The generated extension project carries the Durable Functions extension the bindings need.
        using var extensions = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.FunctionsBuildOutput, "extensions.json")));
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("DurableTask", names);
    }

    private const string SdkOrchestrator = "Microsoft.DurableTask.ITaskOrchestrator";
    private const string SdkActivity = "Microsoft.DurableTask.ITaskActivity";

    /// <summary>
    /// The workflow's orchestrator or activity classes by class name (the name each is registered
    /// under), on the embedded engine's programming model or the Durable Task SDK's.
    /// </summary>
    private static IReadOnlySet<string> WorkflowTasks(params string[] interfaces) =>
        typeof(WorkflowServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => interfaces.Contains(i.FullName)))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
}
