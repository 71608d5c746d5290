using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CspFunctions.Tests.Http;

/// <summary>
/// The HTTP functions called directly, as the worker calls them, with a request built on a
/// DefaultHttpContext: the same status codes, problem details and headers as the local host, and
/// the orchestrations started or signalled (or not) through the durable client.
/// </summary>
public sealed class HttpFunctionTests : IAsyncLifetime
{
    private readonly FunctionsApp _app = FunctionsApp.Create();

    private static readonly string SampleReferral = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ReferralFunctions Referrals => new(_app.Pipeline);

    private async Task<FunctionResponse> SubmitAsync(string body, string? idempotencyKey = null)
    {
        await using var request = _app.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey).Json(body);
        if (idempotencyKey is not null) request.Header("Idempotency-Key", idempotencyKey);
        return await request.RunAsync(r => Referrals.SubmitReferral(r, _app.Client.Object));
    }

    [Fact]
    public async Task SubmitReferral_ValidReferralWithApiKey_Returns202AndSchedulesExactlyOneIncident()
    {
        var response = await SubmitAsync(SampleReferral);

        Assert.Equal(202, response.Status);
        var incidentId = response.Json().GetProperty("incidentId").GetString()!;
        Assert.Equal($"https://csp.exampleshire.example/api/incidents/{incidentId}", response.Json().GetProperty("statusUrl").GetString());
        Assert.Equal(response.Json().GetProperty("statusUrl").GetString(), response.Headers.Location.ToString());
        _app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(new TaskName("IncidentOrchestration"), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == incidentId), It.IsAny<CancellationToken>()), Times.Once);
        _app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SubmitReferral_InvalidReferral_Returns400ProblemDetailsAndSchedulesNothing()
    {
        var invalid = SampleReferral.Replace("\"dateOfBirth\": \"2018-02-11\"", "\"dateOfBirth\": \"not a date\"", StringComparison.Ordinal);
        Assert.NotEqual(SampleReferral, invalid);

        var response = await SubmitAsync(invalid);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
        var errors = response.Json().GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(errors, f => f!.Contains("dateOfBirth", StringComparison.OrdinalIgnoreCase));
        _app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SubmitReferral_IdempotencyKeyReplayed_ReturnsFirstIncidentAndSchedulesNothingNew()
    {
        var first = await SubmitAsync(SampleReferral, "functions-replay-1");
        var second = await SubmitAsync(SampleReferral, "functions-replay-1");

        Assert.Equal(202, second.Status);
        Assert.Equal(first.Json().GetProperty("incidentId").GetString(), second.Json().GetProperty("incidentId").GetString());
        Assert.Equal("true", second.Headers["Idempotent-Replayed"].ToString());
        _app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SubmitReferral_NoKeyAndNotSignedIn_Returns401ProblemDetailsWithSecurityHeaders()
    {
        await using var request = _app.Request("POST", "/api/referrals").Json(SampleReferral);
        var response = await request.RunAsync(r => Referrals.SubmitReferral(r, _app.Client.Object));

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        _app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PerformIncidentAction_StepAlreadyFinished_Returns409AndRaisesNoEvent()
    {
        var incidentId = (await SubmitAsync(SampleReferral)).Json().GetProperty("incidentId").GetString()!;
        var records = _app.Services.GetRequiredService<IIncidentRecords>();
        var step = new AwaitedStep(incidentId, "referral-qa-1", incidentId + ":qa", Events.ReferralQa, [ActionNames.PassReferralQa], "Quality-assure the referral");
        await records.OpenStepAsync(step, CancellationToken.None);
        await records.CloseStepAsync(incidentId, step.StepId, CancellationToken.None);

        await using var request = _app.Request("POST", $"/api/incidents/{incidentId}/actions/{ActionNames.PassReferralQa}")
            .SignedIn("Bea Manager", "business-unit").Json("{}");
        var response = await request.RunAsync(r => new IncidentApiFunctions(_app.Pipeline).PerformIncidentAction(r, _app.Client.Object));

        Assert.Equal(409, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
        _app.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PerformIncidentAction_StepOpen_RaisesTheStepsEventOnceThroughTheFunctionsClient()
    {
        var incidentId = (await SubmitAsync(SampleReferral)).Json().GetProperty("incidentId").GetString()!;
        var records = _app.Services.GetRequiredService<IIncidentRecords>();
        await records.OpenStepAsync(new AwaitedStep(incidentId, "referral-qa-1", incidentId + ":qa", Events.ReferralQa, [ActionNames.PassReferralQa],
            "Quality-assure the referral"), CancellationToken.None);
        // The orchestration's part, as the raised event reaches it: the step closes and the submission's outcome is recorded.
        _app.Client.Setup(c => c.RaiseEventAsync(incidentId + ":qa", Events.ReferralQa, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>(async (_, _, body, cancellation) =>
            {
                var submission = (StepSubmission)body!;
                await records.CloseStepAsync(incidentId, submission.StepId, cancellation);
                await records.AppendAuditAsync(incidentId,
                    [new AuditEntry(AuditEntry.OutcomeId(submission.SubmissionId!), submission.SubmittedAt, submission.By, "Referral accepted.", SubmissionId: submission.SubmissionId)], cancellation);
            });

        await using var request = _app.Request("POST", $"/api/incidents/{incidentId}/actions/{ActionNames.PassReferralQa}")
            .SignedIn("Bea Manager", "business-unit").Json("{}");
        var response = await request.RunAsync(r => new IncidentApiFunctions(_app.Pipeline).PerformIncidentAction(r, _app.Client.Object));

        Assert.Equal(200, response.Status);
        _app.Client.Verify(c => c.RaiseEventAsync(incidentId + ":qa", Events.ReferralQa,
            It.Is<object?>(o => o is StepSubmission && ((StepSubmission)o).StepId == "referral-qa-1"), It.IsAny<CancellationToken>()), Times.Once);
        _app.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ShowApprovalLink_ValidToken_ShowsConfirmationPageAndRaisesNoEvent()
    {
        var token = CapabilityTokens.NewToken();
        var hash = CapabilityTokens.Hash(token);
        var links = _app.Services.GetRequiredService<ICapabilityLinkStore>();
        var now = DateTimeOffset.UtcNow;
        await links.CreateAsync(new CapabilityLinkRecord(hash, LinkKind.Approval, "CSP-2025-0007", "CSP-2025-0007", "decision-approval-1",
            ActionNames.PassReferralQa, "CSP-2025-0007:decision", Events.ReferralQa, "panel.chair@exampleshire.example", "Panel chair",
            "Approve the Rapid Review decision", null, now, now.AddDays(14)), CancellationToken.None);
        var functions = new CapabilityLinkFunctions(_app.Pipeline);
        // The GET function has no durable client of its own; a client bound around it would see any event it raised.
        using var bound = _app.Durable.Use(_app.Client.Object);

        await using var first = _app.Request("GET", "/a/" + token);
        var page = await first.RunAsync(functions.ShowApprovalLink);
        await using var again = _app.Request("GET", "/a/" + token);
        var secondLook = await again.RunAsync(functions.ShowApprovalLink);

        Assert.Equal(200, page.Status);
        Assert.Contains("CSP-2025-0007", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form", page.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"].ToString());
        Assert.Equal(200, secondLook.Status);
        Assert.Null((await links.FindAsync(hash, CancellationToken.None))!.Link.UsedAt);
        _app.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
