using System.Diagnostics;
using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Integrations.Mail;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Conformance;

/// <summary>
/// People acting on one incident through the application services, on either engine. Every step
/// first waits until what it needs is there (an action offered, a link emailed): on the embedded
/// engine that is true at once after settling; on the real runtime it becomes true shortly.
/// </summary>
public sealed class ConformanceScenario(IWorkflowRuntime runtime)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public IWorkflowRuntime Runtime => runtime;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(runtime.Clock.GetUtcNow(), London).DateTime);

    public async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Submits the sample referral, dated as if the incident happened two days ago (the real runtime runs on today's date).</summary>
    public async Task<string> SubmitAsync()
    {
        var today = Today;
        var referral = new ReferralBuilder()
            .WithIncident(i => i with { DateOfIncident = today.AddDays(-2), DateLocalAuthorityAware = today.AddDays(-1) })
            .WithSignOff(o => o with { DateSignedOff = today })
            .Build();
        var accepted = await runtime.Incidents.SubmitReferralAsync(referral, WorkflowScenario.BusinessUnit, null, CancellationToken.None);
        await runtime.SettleAsync();
        return accepted.IncidentId;
    }

    public async Task<IncidentView> ViewAsync(string id, StaffUser? user = null) =>
        await runtime.Incidents.GetIncidentAsync(id, user ?? WorkflowScenario.BusinessUnit, CancellationToken.None) ?? throw new InvalidOperationException($"No incident {id}.");

    /// <summary>Performs an action once it is offered (for one agency or attendee: once that one's step is open).</summary>
    public async Task ActAsync(string id, string action, object fields, StaffUser? user = null, (string Field, string Value)? subject = null)
    {
        user ??= WorkflowScenario.BusinessUnit;
        await EventuallyAsync(async () =>
        {
            var view = await runtime.Incidents.GetIncidentAsync(id, user, CancellationToken.None);
            var offered = view?.AvailableActions.FirstOrDefault(a => a.Name == action);
            return offered is not null && (subject is not { } s || offered.Fields.Any(f => f.Name == s.Field && f.AllowedValues?.Contains(s.Value) == true));
        }, $"'{action}' to be offered on {id}");
        await runtime.Incidents.PerformActionAsync(id, action, JsonSerializer.SerializeToElement(fields), user, CancellationToken.None);
        await runtime.SettleAsync();
    }

    /// <summary>Follows the newest working link emailed to <paramref name="recipient"/>, once there is one.</summary>
    public async Task<LinkRedemption> ActByLinkAsync(string id, string recipient, object fields, string? subjectContains = null)
    {
        string? token = null;
        await EventuallyAsync(async () => (token = await WorkingLinkAsync(id, recipient, subjectContains)) is not null, $"a working link emailed to {recipient}");
        var lookup = await runtime.CapabilityLinks.LookupAsync(token!, CancellationToken.None);
        var result = await runtime.CapabilityLinks.RedeemAsRecipientAsync(token!, WorkflowScenario.WithHiddenFields(fields, lookup), CancellationToken.None);
        await runtime.SettleAsync();
        if (result.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Field + ": " + e.Message)));
        return result;
    }

    public async Task<IReadOnlyList<MailboxMessage>> MailAsync(string id, string? to = null) =>
        await runtime.Mailbox.ListAsync(new MailboxQuery(10_000, id, to), CancellationToken.None);

    private async Task<string?> WorkingLinkAsync(string id, string recipient, string? subjectContains)
    {
        foreach (var m in await MailAsync(id, recipient))
        {
            if (subjectContains is not null && !m.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)) continue;
            var match = WorkflowScenario.LinkPattern().Match(m.TextBody);
            if (!match.Success) continue;
            var token = match.Groups[2].Value;
            if ((await runtime.CapabilityLinks.LookupAsync(token, CancellationToken.None)).State == LinkState.Valid) return token;
        }
        return null;
    }

    // ---------------------------------------------------------------- the statutory path, without waiting days

    public Task PassQaAsync(string id) => ActAsync(id, ActionNames.PassReferralQa, new { notes = "Complete and signed off." });

    public Task TriageForRapidReviewAsync(string id) =>
        ActAsync(id, ActionNames.TriageReferral, new { outcome = nameof(ReferralTriageOutcome.RapidReview), rationale = "Suspected neglect and serious harm in the area." }, WorkflowScenario.Chair);

    /// <summary>
    /// The designated officer records the notification from the link emailed at referral, once the
    /// scoping stage has taken the notification step over (a post in the moment between the two
    /// stages reaches the finished one).
    /// </summary>
    public async Task NotifyPanelAsync(string id)
    {
        await EventuallyAsync(async () => await ViewAsync(id) is { Stage: not (IncidentStage.ReferralQa or IncidentStage.Notification) } v
            && (v.Stage != IncidentStage.Scoping || v.AvailableActions.Any(a => a.Name == ActionNames.AddScopingAgency)), $"the scoping stage of {id}");
        await ActByLinkAsync(id, WorkflowScenario.DesignatedOfficer, new { sentOn = WorkflowScenario.Iso(Today), panelReference = "NP-2025-0042" });
    }

    public Task ReturnScopingAsync(string id, string agencyEmail) =>
        ActByLinkAsync(id, agencyEmail, new { involvement = "Fictional involvement summary.", completedBy = "Alex Agency", completedByRole = "Safeguarding lead" });

    public Task AcceptScopingAsync(string id, string agencyName) =>
        ActAsync(id, ActionNames.AcceptScopingReturn, new { agency = agencyName }, subject: (ActionCatalogue.Agency, agencyName));

    /// <summary>The meeting on the next working day at 10:00, and every invitee accepting.</summary>
    public async Task ScheduleMeetingAndAcceptAsync(string id)
    {
        // Minutes from now: a meeting must be in the future when it is booked, and cannot be recorded as
        // held before the day it was booked for; these scenarios run without skipping time.
        var startsAt = TimeZoneInfo.ConvertTime(runtime.Clock.GetUtcNow().AddMinutes(2), London);
        _meetingDay = DateOnly.FromDateTime(startsAt.DateTime);
        await ActAsync(id, ActionNames.ScheduleMeeting, new
        {
            startsAt = startsAt.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture), durationMinutes = 120,
            location = "Online (link on the secure site)",
            // Minutes from now may be any time of day (the suite runs at night too).
            outsideWorkingDay = true,
        });
        IReadOnlyList<string>? attendees = null;
        await EventuallyAsync(async () =>
        {
            attendees = (await ViewAsync(id)).AvailableActions.FirstOrDefault(a => a.Name == ActionNames.RespondToMeeting)?
                .Fields.First(f => f.Name == ActionCatalogue.Attendee).AllowedValues;
            return attendees is { Count: > 0 };
        }, "the meeting invitations");
        foreach (var attendee in attendees!)
            await ActAsync(id, ActionNames.RespondToMeeting, new { attendee, response = "Accepted" }, subject: (ActionCatalogue.Attendee, attendee));
    }

    private DateOnly? _meetingDay;

    public Task HoldMeetingAsync(string id) => ActAsync(id, ActionNames.RecordMeetingHeld, new { heldOn = WorkflowScenario.Iso(_meetingDay ?? Today), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true });

    public async Task DecideAndApproveAsync(string id, RapidReviewOutcome outcome)
    {
        await ActAsync(id, ActionNames.RecordRapidReviewDecision, new
        {
            criterionMultiAgencyWorkingConcerns = true,
            criterionImprovementsNeeded = outcome == RapidReviewOutcome.LocalCspr,
            csprMostAppropriate = outcome == RapidReviewOutcome.LocalCspr,
            outcome = outcome.ToString(),
            rationale = "Both tests applied; see the assessment.",
            decidedOn = WorkflowScenario.Iso(Today),
        });
        // The business unit uploads the completed report (version 2) and marks it ready; the approver approves it, and it is what goes to the Panel.
        await EventuallyAsync(async () => (await ViewAsync(id)).Reports!.Any(r => r.Drafted), "the draft of the Rapid Review report");
        var completed = await UploadAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport);
        await ActAsync(id, ActionNames.MarkRapidReviewReportReady, new { reportVersion = completed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await ActByLinkAsync(id, WorkflowScenario.PanelChairEmail, new { approval = "Approve", comments = "Approved." }, "Approval needed");
        await ActAsync(id, ActionNames.RecordRapidReviewReportSubmitted, new { sentOn = WorkflowScenario.Iso(Today), panelReference = "NP-RR-0042", reportVersion = completed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await ActAsync(id, ActionNames.RecordNationalPanelResponse, new { outcome = "DecisionRatified", receivedOn = WorkflowScenario.Iso(Today), notes = "Panel letter received." });
    }

    /// <summary>Uploads a version of the report and records it sent (today, with a Panel reference) once the task is offered.</summary>
    public async Task<int> SubmitReportAsync(string id, Csp.Workflow.Model.ReportKind kind, string action)
    {
        var version = await UploadAsync(id, kind);
        await ActAsync(id, action, new { sentOn = WorkflowScenario.Iso(Today), panelReference = "NP-RR-0042", reportVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return version;
    }

    private async Task<int> UploadAsync(string id, Csp.Workflow.Model.ReportKind kind) =>
        (await runtime.Documents.UploadReportAsync(id, kind,
            new Csp.Workflow.Ports.UploadedDocument("report.pdf", "application/pdf", BinaryData.FromBytes("%PDF-1.7\n%fictional report\n"u8.ToArray())),
            WorkflowScenario.BusinessUnit, CancellationToken.None)).Version;

    /// <summary>Referral to decision in one day: QA, triage, notification, scoping (police asked to resubmit once), meeting, decision, approval.</summary>
    public async Task<string> ToDecisionAsync(RapidReviewOutcome outcome)
    {
        var id = await SubmitAsync();
        await PassQaAsync(id);
        await TriageForRapidReviewAsync(id);
        await NotifyPanelAsync(id);
        await ScheduleMeetingAndAcceptAsync(id);
        await ReturnScopingAsync(id, WorkflowScenario.CscScoping);
        await ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await ActAsync(id, ActionNames.RequestScopingResubmission, new { agency = "Exampleshire Police", gaps = "Add the dates of the two strategy discussions." },
            subject: (ActionCatalogue.Agency, "Exampleshire Police"));
        await ReturnScopingAsync(id, WorkflowScenario.PoliceScoping);
        await AcceptScopingAsync(id, "Exampleshire Children's Services");
        await AcceptScopingAsync(id, "Exampleshire Police");
        await HoldMeetingAsync(id);
        await DecideAndApproveAsync(id, outcome);
        return id;
    }
}
