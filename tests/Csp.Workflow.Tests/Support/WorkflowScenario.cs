using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Durable.Persistence;
using Csp.Integrations.Mail;
using Csp.LocalWorkflow.Simulation;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Microsoft.Extensions.Configuration;

namespace Csp.Workflow.Tests.Support;

/// <summary>
/// A partnership running in virtual time, with the people in it: staff act through
/// <see cref="IIncidentService"/>, everyone else through the links in their email, exactly as the
/// web layer would. Time starts on Wednesday 5 March 2025 at 09:30 UK time (the referral arrives
/// the day after the local authority became aware).
/// </summary>
public sealed partial class WorkflowScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 5, 9, 30, 0, TimeSpan.Zero);

    public static readonly StaffUser BusinessUnit = new("Bea Manager", StaffRoles.BusinessUnit, "business.unit@exampleshire.example");
    public static readonly StaffUser Chair = new("Rowan Panelchair", StaffRoles.Chair, "panel.chair@exampleshire.example");
    public static readonly StaffUser Scrutineer = new("Sam Scrutineer", StaffRoles.Scrutineer, "scrutineer@exampleshire.example");

    public const string DesignatedOfficer = "designated.officer@exampleshire.example";
    public const string PanelChairEmail = "panel.chair@exampleshire.example";
    public const string PartnershipChairEmail = "partnership.chair@exampleshire.example";
    public const string SubgroupChairEmail = "subgroup.chair@exampleshire.example";
    public const string BusinessManagerEmail = "business.manager@exampleshire.example";
    public const string CscScoping = "csc.scoping@exampleshire.example";
    public const string PoliceScoping = "safeguarding@police.example";

    private WorkflowScenario(WorkflowHost host) => Host = host;

    public WorkflowHost Host { get; }
    public InMemoryMailbox Mailbox => Host.Mailbox;
    public IIncidentService Incidents => Host.Incidents;
    public DateTimeOffset Now => Host.Clock.GetUtcNow();
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);

    public static async Task<WorkflowScenario> StartAsync(string approver = "chair", IOrchestrationStore? store = null, IDictionary<string, string?>? overrides = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var host = await WorkflowHost.StartAsync(SamplePartnership.Configuration(approver: approver, overrides: overrides), Start, store, configure);
        return new WorkflowScenario(host);
    }

    public static IConfiguration Configuration() => SamplePartnership.Configuration();

    // ---------------------------------------------------------------- time

    public Task SettleAsync() => Host.Driver.SettleAsync();

    /// <summary>Runs the clock to 10:30 UK time on the working day <paramref name="workingDays"/> after today.</summary>
    public Task AdvanceWorkingDaysAsync(int workingDays) => AdvanceToDateAsync(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(Today, workingDays));

    public Task AdvanceToDateAsync(DateOnly date)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var local = date.ToDateTime(new TimeOnly(10, 30));
        return Host.Driver.AdvanceToAsync(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero));
    }

    public Task AdvanceDaysAsync(int days) => AdvanceToDateAsync(Today.AddDays(days));

    public Task AdvanceAsync(TimeSpan by) => Host.Driver.AdvanceAsync(by);

    public Task RestartAsync() => Host.RestartAsync();

    // ---------------------------------------------------------------- people

    public async Task<string> SubmitAsync(Referral? referral = null)
    {
        var accepted = await Incidents.SubmitReferralAsync(referral ?? new ReferralBuilder().Build(), BusinessUnit, null, CancellationToken.None);
        await AfterActionAsync();
        return accepted.IncidentId;
    }

    public async Task<IncidentView> ViewAsync(string id, StaffUser? user = null) =>
        await Incidents.GetIncidentAsync(id, user ?? BusinessUnit, CancellationToken.None) ?? throw new InvalidOperationException($"No incident {id}.");

    /// <summary>When set, every action is followed at once (mid-turn, activities in flight) by a crash and restart of the engine.</summary>
    public bool CrashAfterEachAction { get; set; }

    private async Task AfterActionAsync()
    {
        if (CrashAfterEachAction) await RestartAsync();
        await SettleAsync();
    }

    public async Task ActAsync(string id, string action, object fields, StaffUser? user = null)
    {
        await Incidents.PerformActionAsync(id, action, JsonSerializer.SerializeToElement(fields), user ?? BusinessUnit, CancellationToken.None);
        await AfterActionAsync();
    }

    public async Task<bool> CanAsync(string id, string action, StaffUser? user = null) =>
        (await ViewAsync(id, user)).AvailableActions.Any(a => a.Name == action);

    /// <summary>The newest link (<c>/a/</c> or <c>/s/</c>) emailed to <paramref name="recipient"/> about the incident that still works.</summary>
    public async Task<string> LinkTokenAsync(string id, string recipient, string? subjectContains = null)
    {
        var messages = SentElsewhere is { } inbox
            ? inbox(recipient)
            : (await Mailbox.ListAsync(new MailboxQuery(1000, id, recipient), CancellationToken.None)).Select(m => (m.Subject, m.TextBody)).ToList();
        foreach (var m in messages)
        {
            if (subjectContains is not null && !m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)) continue;
            var match = LinkPattern().Match(m.TextBody);
            if (!match.Success) continue;
            var token = match.Groups[2].Value;
            if ((await Host.CapabilityLinks.LookupAsync(token, CancellationToken.None)).State == LinkState.Valid) return token;
        }
        throw new InvalidOperationException($"No working link emailed to {recipient} about {id}" + (subjectContains is null ? "." : $" with '{subjectContains}' in the subject."));
    }

    /// <summary>
    /// When email goes to an email service instead of the mailbox: a recipient's emails (subject,
    /// text), newest first, as that service received them.
    /// </summary>
    public Func<string, IReadOnlyList<(string Subject, string TextBody)>>? SentElsewhere { get; set; }

    public async Task<LinkRedemption> ActByLinkAsync(string id, string recipient, object fields, string? subjectContains = null)
    {
        var token = await LinkTokenAsync(id, recipient, subjectContains);
        var lookup = await Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        var result = await Host.CapabilityLinks.RedeemAsRecipientAsync(token, WithHiddenFields(fields, lookup), CancellationToken.None);
        await AfterActionAsync();
        return result;
    }

    /// <summary>The answers with the page's hidden fields (the report version being approved), as a browser posts the form it was shown.</summary>
    public static JsonElement WithHiddenFields(object fields, LinkLookup lookup)
    {
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        foreach (var hidden in lookup.Fields.Where(f => f.Type == "hidden" && f.Value is not null && !body.ContainsKey(f.Name)))
            body[hidden.Name] = hidden.Value;
        return JsonSerializer.SerializeToElement(body);
    }

    public async Task<IReadOnlyList<MailboxMessage>> MailAsync(string id, string? to = null) =>
        await Mailbox.ListAsync(new MailboxQuery(10_000, id, to), CancellationToken.None);

    [GeneratedRegex(@"https://csp\.exampleshire\.example/(a|s)/([A-Za-z0-9_-]{43})")]
    public static partial Regex LinkPattern();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    // ---------------------------------------------------------------- the happy path, step by step

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public Task PassQaAsync(string id) => ActAsync(id, ActionNames.PassReferralQa, new { notes = "Complete and signed off." });

    public Task TriageAsync(string id, ReferralTriageOutcome outcome = ReferralTriageOutcome.RapidReview) =>
        ActAsync(id, ActionNames.TriageReferral, new { outcome = outcome.ToString(), rationale = "Suspected neglect and serious harm in the area." }, Chair);

    public async Task NotifyPanelAsync(string id, DateOnly? sentOn = null)
    {
        var result = await ActByLinkAsync(id, DesignatedOfficer, new { sentOn = Iso(sentOn ?? Today), panelReference = "NP-2025-0042" });
        if (result.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Field + ": " + e.Message)));
    }

    public async Task ReturnScopingAsync(string id, string agencyEmail)
    {
        var result = await ActByLinkAsync(id, agencyEmail, new { involvement = "Fictional involvement summary.", completedBy = "Alex Agency", completedByRole = "Safeguarding lead" });
        if (result.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Field + ": " + e.Message)));
    }

    public Task AcceptScopingAsync(string id, string agencyName) => ActAsync(id, ActionNames.AcceptScopingReturn, new { agency = agencyName });

    public async Task ScheduleMeetingAsync(string id, DateOnly on) =>
        await ActAsync(id, ActionNames.ScheduleMeeting, new { startsAt = Iso(on) + "T10:00", durationMinutes = 120, location = "Online (link on the secure site)" });

    public async Task AllAcceptMeetingAsync(string id)
    {
        var view = await ViewAsync(id);
        var choices = view.AvailableActions.First(a => a.Name == ActionNames.RespondToMeeting).Fields.First(f => f.Name == ActionCatalogue.Attendee).AllowedValues!;
        foreach (var attendee in choices) await ActAsync(id, ActionNames.RespondToMeeting, new { attendee, response = "Accepted" });
    }

    public Task HoldMeetingAsync(string id) => ActAsync(id, ActionNames.RecordMeetingHeld, new { heldOn = Iso(Today), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });

    public Task DecideAsync(string id, RapidReviewOutcome outcome = RapidReviewOutcome.LocalCspr) =>
        ActAsync(id, ActionNames.RecordRapidReviewDecision, new
        {
            criterionMultiAgencyWorkingConcerns = true,
            criterionImprovementsNeeded = outcome == RapidReviewOutcome.LocalCspr,
            csprMostAppropriate = outcome == RapidReviewOutcome.LocalCspr,
            outcome = outcome.ToString(),
            rationale = "Both tests applied; see the assessment.",
            decidedOn = Iso(Today),
        });

    /// <summary>The business unit marks an uploaded version of the Rapid Review report ready: the approver is asked only then.</summary>
    public Task MarkReportReadyAsync(string id, int version) =>
        ActAsync(id, ActionNames.MarkRapidReviewReportReady, new { reportVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The business unit uploads its completed Rapid Review report and marks it ready, and the approver approves that version by link.</summary>
    public async Task ApproveByLinkAsync(string id, string approverEmail = PanelChairEmail)
    {
        await MarkReportReadyAsync(id, await UploadReportAsync(id, ReportKind.RapidReviewReport, "rapid-review-completed.pdf"));
        var result = await ActByLinkAsync(id, approverEmail, new { approval = "Approve", comments = "Approved." }, "Approval needed");
        if (result.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    public Task PanelRespondsAsync(string id, string outcome = "DecisionRatified") =>
        ActAsync(id, ActionNames.RecordNationalPanelResponse, new { outcome, receivedOn = Iso(Today), notes = "Panel letter received." });

    /// <summary>A new incident to its Rapid Review decision recorded and waiting for approval: notified 5 March 2025, meeting held
    /// 20 March, the report's version 1 drafted from the case record.</summary>
    public async Task<string> ToDecisionRecordedAsync()
    {
        var id = await SubmitAsync();
        await PassQaAsync(id);
        await TriageAsync(id);
        await NotifyPanelAsync(id);
        await ScheduleMeetingAsync(id, new DateOnly(2025, 3, 20));
        await AdvanceToDateAsync(new DateOnly(2025, 3, 20));
        await HoldMeetingAsync(id);
        await DecideAsync(id);
        return id;
    }

    /// <summary>Walks a new incident from referral to the start of the stage the decision leads to.</summary>
    public async Task<string> ToDecisionOutcomeAsync(RapidReviewOutcome outcome = RapidReviewOutcome.LocalCspr, Referral? referral = null)
    {
        var id = await SubmitAsync(referral);
        await PassQaAsync(id);
        await TriageAsync(id);
        await NotifyPanelAsync(id);
        await ScheduleMeetingAsync(id, Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(Today, 9));
        await AllAcceptMeetingAsync(id);
        await AdvanceWorkingDaysAsync(2);
        await ReturnScopingAsync(id, CscScoping);
        await ReturnScopingAsync(id, PoliceScoping);
        await AcceptScopingAsync(id, "Exampleshire Children's Services");
        await AcceptScopingAsync(id, "Exampleshire Police");
        await AdvanceWorkingDaysAsync(7);
        await HoldMeetingAsync(id);
        await DecideAsync(id, outcome);
        await ApproveByLinkAsync(id);
        await SubmitReportAsync(id, ReportKind.RapidReviewReport, ActionNames.RecordRapidReviewReportSubmitted);
        await AdvanceWorkingDaysAsync(5);
        await PanelRespondsAsync(id, outcome == RapidReviewOutcome.RecommendNationalReview ? "NationalReviewToBeCarriedOut" : "DecisionRatified");
        return id;
    }

    public async Task CompleteCsprAsync(string id, DateOnly? plannedPublication = null)
    {
        await CompleteCsprUntilPlanningAsync(id);
        await ActAsync(id, ActionNames.PlanPublication, new { plannedPublicationOn = Iso(plannedPublication ?? Today.AddDays(28)) });
    }

    /// <summary>Every CSPR checklist step up to (not including) planning publication, five working days apart.</summary>
    public async Task CompleteCsprUntilPlanningAsync(string id)
    {
        var steps = new (string Action, object Fields, bool ByLink, string? To)[]
        {
            (ActionNames.ConfirmCsprPanel, new { on = Iso(Today) }, false, null),
            (ActionNames.CommissionLeadReviewer, new { reviewerName = "Dr Fictional Reviewer", on = Iso(Today) }, false, null),
            (ActionNames.ApproveTermsOfReference, new { on = Iso(Today) }, true, PanelChairEmail),
            (ActionNames.RecordInvitations, new { on = Iso(Today) }, false, null),
            (ActionNames.RecordDraftQualityAssured, new { on = Iso(Today) }, false, null),
            (ActionNames.RecordFinalDraftChecked, new { on = Iso(Today) }, false, null),
            (ActionNames.ShareWithGovernance, new { on = Iso(Today) }, false, null),
            (ActionNames.ConfirmGovernanceResponses, new { on = Iso(Today) }, false, null),
            (ActionNames.ApproveFinalReportSubgroup, new { on = Iso(Today) }, true, SubgroupChairEmail),
            (ActionNames.SignOffFinalReport, new { on = Iso(Today) }, true, PartnershipChairEmail),
        };
        foreach (var (action, _, byLink, to) in steps)
        {
            await AdvanceWorkingDaysAsync(5);
            var fields = Refresh(action);
            if (byLink)
            {
                var result = await ActByLinkAsync(id, to!, fields, "Approval needed");
                if (result.Errors.Count > 0) throw new InvalidOperationException(action + ": " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }
            else
            {
                await ActAsync(id, action, fields);
            }
        }

        object Refresh(string action) => action == ActionNames.CommissionLeadReviewer
            ? new { reviewerName = "Dr Fictional Reviewer", on = Iso(Today) }
            : new { on = Iso(Today) };
    }

    /// <summary>The final report uploaded and recorded as sent to the Panel and the Secretary of State today.</summary>
    public Task SendNoticeAsync(string id) => SubmitReportAsync(id, ReportKind.FinalCsprReport, ActionNames.RecordFinalReportSubmitted);

    /// <summary>Uploads a version of the report (a fictional PDF) and records it sent on <paramref name="sentOn"/> (today) with a Panel reference.</summary>
    /// <remarks>The Rapid Review report sent is the approved version (only that one can be recorded as sent); a final report is uploaded first.</remarks>
    public async Task<int> SubmitReportAsync(string id, ReportKind kind, string action, DateOnly? sentOn = null, string panelReference = "NP-RR-0042")
    {
        var version = kind == ReportKind.RapidReviewReport && (await ViewAsync(id)).RapidReviewDecision?.ApprovedVersion is { } approved
            ? approved
            : await UploadReportAsync(id, kind);
        await ActAsync(id, action, new { sentOn = Iso(sentOn ?? Today), panelReference, reportVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return version;
    }

    public async Task<int> UploadReportAsync(string id, ReportKind kind, string fileName = "report.pdf") =>
        (await Host.IncidentDocuments.UploadReportAsync(id, kind,
            new Csp.Workflow.Ports.UploadedDocument(fileName, "application/pdf", BinaryData.FromBytes("%PDF-1.7\n%fictional report\n"u8.ToArray())),
            BusinessUnit, CancellationToken.None)).Version;

    public Task PublishAsync(string id) => ActAsync(id, ActionNames.RecordPublication, new { publishedOn = Iso(Today), form = "FullReport", url = "https://exampleshire.example/cspr" });

    public async Task CompleteActionPlanAsync(string id)
    {
        await ActAsync(id, ActionNames.AddRecommendation, new { text = "Share information at strategy discussions.", ownerName = "Owen Owner", ownerEmail = "owner@police.example", dueOn = Iso(Today.AddDays(60)) });
        await ActAsync(id, ActionNames.AgreeActionPlan, new { on = Iso(Today) });
        await ActAsync(id, ActionNames.RecordThankYouLetters, new { on = Iso(Today), count = 6 });
    }
}
