using System.Diagnostics;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using CspFunctions.Durable;
using CspFunctions.Http;
using CspFunctions.Telemetry;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CspFunctions.Tests.Telemetry;

/// <summary>
/// One trace from the HTTP request to each email, as far as it runs in the worker: the request's
/// span is current when the durable client starts the orchestration (the client hands it on as the
/// orchestration's parent), and each email an activity sends is a span under the activity's
/// invocation span, saying only what kind of email it was.
/// </summary>
public sealed class TraceCorrelationTests
{
    /// <summary>Stands in for the Functions worker's invocation spans, which the host parents on its own.</summary>
    private static readonly ActivitySource Invocations = new("CspFunctions.Tests.Invocation");

    private static FunctionsApp CreateApp(List<Activity> spans) =>
        FunctionsApp.Create(services: services => services.AddOpenTelemetry().WithTracing(t => t.AddSource(Invocations.Name).AddInMemoryExporter(spans)));

    [Fact]
    public async Task SendNotice_InAnActivityInvocation_EmailSpansAreItsChildrenWithTheKindAndNoRecipient()
    {
        var spans = new List<Activity>();
        await using var app = CreateApp(spans);
        _ = app.Services.GetRequiredService<TracerProvider>();
        var recipients = new[] { new EmailAddress("panel.chair@exampleshire.example", "Pat Chair"), new EmailAddress("lado@exampleshire.example", "Lee Officer") };
        var notice = new Notice("CSP-2025-0042", "CSP-2025-0042", "notification:partners", recipients, "Notify the safeguarding partners", ["Please read the case."]);
        var function = new Mock<FunctionContext>();
        function.Setup(f => f.BindingContext.BindingData).Returns(new Dictionary<string, object?> { ["instanceId"] = "CSP-2025-0042:notification" });

        ActivityContext invocation;
        using (var span = Invocations.StartActivity("SendNotice invocation")!)
        {
            invocation = span.Context;
            var sent = await new WorkflowActivityFunctions(app.Services).SendNotice(notice, function.Object);
            Assert.Equal(2, sent.Sent);
        }
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();

        List<Activity> emails;
        lock (spans) emails = spans.Where(s => s.Source.Name == TracedEmailSender.SourceName).ToList();
        Assert.Equal(2, emails.Count);
        Assert.All(emails, email =>
        {
            Assert.Equal(invocation.TraceId, email.TraceId);
            Assert.Equal(invocation.SpanId, email.ParentSpanId);
            Assert.Equal("notification", email.GetTagItem(TracedEmailSender.KindTag));
            Assert.Equal("sent", email.GetTagItem(TracedEmailSender.OutcomeTag));
            var exported = email.TagObjects.Select(t => t.Key + "=" + t.Value).Append(email.DisplayName).ToList();
            foreach (var secret in recipients.SelectMany(r => new[] { r.Address, r.Name! }).Append(notice.Subject).Append("partners"))
                Assert.DoesNotContain(exported, e => e.Contains(secret, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task SubmitReferral_InARequestSpan_StartsTheOrchestrationWithinTheRequestsTrace()
    {
        var spans = new List<Activity>();
        await using var app = CreateApp(spans);
        _ = app.Services.GetRequiredService<TracerProvider>();
        ActivityTraceId? startedIn = null;
        app.Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) =>
            {
                // What the gRPC client sends as the new orchestration's parent trace context.
                startedIn = Activity.Current?.TraceId;
                return options!.InstanceId!;
            });
        var sample = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

        ActivityTraceId request;
        using (var span = Invocations.StartActivity("SubmitReferral invocation")!)
        {
            request = span.TraceId;
            await using var submit = app.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey).Json(sample);
            Assert.Equal(202, (await submit.RunAsync(r => new ReferralFunctions(app.Pipeline).SubmitReferral(r, app.Client.Object))).Status);
        }

        Assert.Equal(request, startedIn);
    }

    [Fact]
    public async Task TracedEmailSender_ProviderThrows_SpanFailsWithTheExceptionTypeOnly()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(TracedEmailSender.SourceName).AddInMemoryExporter(spans).Build();
        var provider = new Mock<IEmailSender>();
        provider.Setup(p => p.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("550 mailbox lee.officer@exampleshire.example unavailable"));
        var message = new EmailMessage(new EmailAddress("lee.officer@exampleshire.example", "Lee Officer"), "[CSP-2025-0042] Scoping request", "text", "<p>html</p>", [],
            "CSP-2025-0042|scoping:a1:request|lee.officer@exampleshire.example", "CSP-2025-0042", "scoping:a1:request");

        await Assert.ThrowsAsync<HttpRequestException>(() => new TracedEmailSender(provider.Object).SendAsync(message, CancellationToken.None));
        tracing!.ForceFlush();

        var span = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(nameof(HttpRequestException), span.StatusDescription);
        Assert.Equal("scoping", span.GetTagItem(TracedEmailSender.KindTag));
        Assert.Equal("failed", span.GetTagItem(TracedEmailSender.OutcomeTag));
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("exampleshire", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("notification:partners", "notification")]
    [InlineData("delivery-problem:CSP-2025-0042", "delivery-problem")]
    [InlineData("someone@example.org", "other")]
    [InlineData(null, "other")]
    public void Kind_Step_IsItsFirstPartOrOther(string? step, string expected) => Assert.Equal(expected, TracedEmailSender.Kind(step));
}
