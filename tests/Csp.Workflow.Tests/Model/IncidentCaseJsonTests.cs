using Csp.Domain;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csp.Domain.Incidents;
using Csp.Testing;
using Csp.Workflow.Model;

namespace Csp.Workflow.Tests.Model;

/// <summary>
/// The checklist, recommendations and approvals now live on the incident. Cases written before
/// (orchestration inputs in flight, stored read models) kept them beside it; reading one must keep them.
/// </summary>
public sealed class IncidentCaseJsonTests
{
    private static readonly DateOnly Day = ReferralBuilder.Today;

    [Fact]
    public void Deserialize_CaseWrittenWithProcessStateBesideTheIncident_KeepsItOnTheIncident()
    {
        var incident = Incident.Open("CSP-T-9", new ReferralBuilder().Build(), Day);
        var json = JsonSerializer.SerializeToNode(new IncidentCase { IncidentId = "CSP-T-9", Reference = "CSP-T-9", Incident = incident }, CspJson.Options)!.AsObject();
        json["checklist"] = JsonSerializer.SerializeToNode(new[] { new ChecklistEntry("confirm-cspr-panel", "Sam", Day, null) }, CspJson.Options);
        json["recommendations"] = JsonNode.Parse("""[{"id":"R1","text":"Share minutes.","ownerName":"Owner","ownerEmail":"owner@example.org","dueOn":"2030-01-31","escalations":2}]""");
        json["thankYouLettersSentOn"] = "2030-01-02";
        json["governanceResponsesConfirmedOn"] = "2030-01-03";
        json["rapidReviewReportApprovedVersion"] = 3;
        json["latePanelResponse"] = JsonNode.Parse("""{"outcome":"DecisionRatified","receivedOn":"2030-01-04"}""");

        var read = JsonSerializer.Deserialize<IncidentCase>(json.ToJsonString(), CspJson.Options)!;

        Assert.Equal("confirm-cspr-panel", Assert.Single(read.Incident.Checklist).Step);
        Assert.Equal(("R1", 2), (Assert.Single(read.Incident.Recommendations).Id, read.Incident.Recommendations[0].Escalations));
        Assert.Equal((new DateOnly(2030, 1, 2), new DateOnly(2030, 1, 3), 3), (read.ThankYouLettersSentOn, read.GovernanceResponsesConfirmedOn, read.RapidReviewReportApprovedVersion));
        Assert.Equal(NationalPanelResponseOutcome.DecisionRatified, read.LatePanelResponse!.Outcome);
        // Written again, the state is on the incident only.
        var again = JsonSerializer.SerializeToNode(read, CspJson.Options)!.AsObject();
        Assert.False(again.ContainsKey("checklist"));
        Assert.Equal(3, again["incident"]!["rapidReviewReportApprovedVersion"]!.GetValue<int>());
        Assert.Equal(again.ToJsonString(), JsonSerializer.Serialize(JsonSerializer.Deserialize<IncidentCase>(again.ToJsonString(), CspJson.Options), CspJson.Options));
    }
}
