using System.Net;
using Azure.Storage.Blobs;
using System.Text.RegularExpressions;
using Csp.Workflow.Actions;
using Csp.Workflow.Activities;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CspFunctions.Tests.Http;

/// <summary>
/// Two instances of the app on the same storage account, as when the platform scales out: the
/// instance that receives a form's post is not the one that showed it.
/// </summary>
public sealed partial class SharedKeyTests : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteFixture _azurite;

    public SharedKeyTests(AzuriteFixture azurite) => _azurite = azurite;

    [Fact]
    public async Task RedeemApprovalLink_FormShownByAnotherInstance_IsAcceptedOnceAndRaisesTheEvent()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Csp:Storage:Mode"] = "Table",
            ["Csp:Storage:TablePrefix"] = AzuriteFixture.UniqueName("keys"),
            ["Csp:Durable:TaskHub"] = AzuriteFixture.UniqueName("hub"),
        };
        await using var shows = FunctionsApp.Create(settings);
        await using var receives = FunctionsApp.Create(settings);
        await new WorkflowStorageInitializer(shows.Services).StartAsync(CancellationToken.None);
        // The incident the link belongs to, received by the first instance.
        await using var submit = shows.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey)
            .Json(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json")));
        var submitted = await submit.RunAsync(r => new ReferralFunctions(shows.Pipeline).SubmitReferral(r, shows.Client.Object));
        Assert.Equal(202, submitted.Status);
        var incidentId = submitted.Json().GetProperty("incidentId").GetString()!;
        var token = CapabilityTokens.NewToken();
        var now = DateTimeOffset.UtcNow;
        await shows.Services.GetRequiredService<ICapabilityLinkStore>().CreateAsync(new CapabilityLinkRecord(CapabilityTokens.Hash(token),
            LinkKind.Approval, incidentId, incidentId, "qa-1", ActionNames.PassReferralQa, "CSP-2025-0099:qa", Events.ReferralQa,
            "business.unit@exampleshire.example", "Business unit", "Quality-assure the referral", null, now, now.AddDays(7)), CancellationToken.None);
        // The orchestration's part, as the raised event reaches it: the submission's outcome is recorded, which the link answers from.
        var records = receives.Services.GetRequiredService<IIncidentRecords>();
        receives.Client.Setup(c => c.RaiseEventAsync("CSP-2025-0099:qa", Events.ReferralQa, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>((_, _, body, cancellation) =>
            {
                var submission = (Csp.Workflow.Model.StepSubmission)body!;
                return records.AppendAuditAsync(incidentId,
                    [new Csp.Workflow.Model.AuditEntry(Csp.Workflow.Model.AuditEntry.OutcomeId(submission.SubmissionId!), submission.SubmittedAt, submission.By, "Referral accepted.", SubmissionId: submission.SubmissionId)], cancellation);
            });

        // The link's recipient, signed in through App Service authentication as themselves (the form's token is bound to the sign-in).
        await using var get = shows.Request("GET", "/a/" + token).SignedIn("Bea Unit", "business-unit", "business.unit@exampleshire.example");
        var page = await get.RunAsync(new CapabilityLinkFunctions(shows.Pipeline).ShowApprovalLink);
        Assert.Equal(200, page.Status);
        var cookie = page.Headers.SetCookie.ToString().Split(';')[0];
        var formToken = WebUtility.HtmlDecode(FormToken().Match(page.Body).Groups[1].Value);
        Assert.StartsWith("csp-antiforgery=", cookie, StringComparison.Ordinal);
        Assert.NotEmpty(formToken);

        await using var post = receives.Request("POST", "/a/" + token)
            .SignedIn("Bea Unit", "business-unit", "business.unit@exampleshire.example")
            .Header("Cookie", cookie)
            .Body("application/x-www-form-urlencoded", "__csp_form_token=" + Uri.EscapeDataString(formToken) + "&notes=");
        var result = await post.RunAsync(r => new CapabilityLinkFunctions(receives.Pipeline).RedeemApprovalLink(r, receives.Client.Object));

        Assert.Equal(200, result.Status);
        Assert.Contains("Decision recorded", result.Body, StringComparison.Ordinal);
        Assert.Contains("Recorded as sent by Bea Unit (Business unit), signed in", result.Body, StringComparison.Ordinal);
        // The key that protected the form is in the storage account, not on one instance's disk.
        var keys = shows.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(settings["Csp:Storage:TablePrefix"]!.ToLowerInvariant() + "-dataprotection").GetBlobClient(BlobKeyRepository.DefaultBlobName);
        Assert.Contains("<key ", (await keys.DownloadContentAsync()).Value.Content.ToString(), StringComparison.Ordinal);
        receives.Client.Verify(c => c.RaiseEventAsync("CSP-2025-0099:qa", Events.ReferralQa, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [GeneratedRegex("name=\"__csp_form_token\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
