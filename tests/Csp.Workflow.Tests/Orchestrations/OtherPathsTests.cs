using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Testing;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Tests.Support;

namespace Csp.Workflow.Tests.Orchestrations;

/// <summary>
/// The paths off the main route: statutory duties that hold whatever the chair decides at triage.
/// </summary>
public sealed class OtherPathsTests
{
    private const string SecretaryOfState = "secretary.of.state@education.example";
    private const string Ofsted = "notifications@ofsted.example";

    [Fact]
    public async Task LookedAfterChildDeath_NoAbuseSuspected_TriagedToNoFurtherReview_SecretaryOfStateAndOfstedAreStillTold()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder().LookedAfterChildDied()
            .WithIncident(i => i with { AbuseOrNeglect = AbuseOrNeglect.No }).Build());
        await s.PassQaAsync(id);

        // The chair's link page says the child was looked after, and that the notice has gone.
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Decision needed");
        var lookup = await s.Host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
        Assert.Contains(lookup.Summary!, r => r.Label == "Looked after" && r.Value.StartsWith("Yes", StringComparison.Ordinal));
        Assert.Contains(lookup.Summary!, r => r.Label == "Secretary of State and Ofsted" && r.Value.Contains("whatever you decide", StringComparison.Ordinal));
        var chairEmail = Assert.Single(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("Decision needed", StringComparison.Ordinal));
        Assert.Contains("The child was looked after.", chairEmail.TextBody, StringComparison.Ordinal);

        await s.TriageAsync(id, ReferralTriageOutcome.NoFurtherReview);
        Assert.Equal(IncidentStage.Closed, (await s.ViewAsync(id)).Stage);
        var notice = Assert.Single(await s.MailAsync(id, SecretaryOfState));
        Assert.Equal("Notification of a death", notice.Subject[(notice.Subject.IndexOf(']', StringComparison.Ordinal) + 2)..]);
        Assert.Single(await s.MailAsync(id, Ofsted));
        Assert.DoesNotContain("Robin", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What == "Secretary of State and Ofsted notified.");
    }

    [Fact]
    public async Task CareLeaverDeathAged22_TriagedToAnotherLearningReview_SecretaryOfStateAndOfstedAreTold_AndTheChairSeesACareLeaver()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder()
            .WithChild(c => c with { LookedAfter = false, CareLeaver = true, DateOfBirth = new DateOnly(2002, 6, 1) })
            .WithIncident(i => i with { Outcome = IncidentOutcome.Death, AbuseOrNeglect = AbuseOrNeglect.No }).Build());
        await s.PassQaAsync(id);
        var lookup = await s.Host.CapabilityLinks.LookupAsync(await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail, "Decision needed"), CancellationToken.None);
        Assert.Contains(lookup.Summary!, r => r.Label == "Care leaver" && r.Value.StartsWith("Yes", StringComparison.Ordinal));

        await s.TriageAsync(id, ReferralTriageOutcome.OtherLearningReview);
        Assert.Equal(IncidentStage.OtherLearningReview, (await s.ViewAsync(id)).Stage);
        Assert.Single(await s.MailAsync(id, SecretaryOfState));
        Assert.Single(await s.MailAsync(id, Ofsted));
    }

    [Fact]
    public async Task LookedAfterChildDeath_GoingToARapidReview_TellsSecretaryOfStateAndOfstedOnce()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync(new ReferralBuilder().LookedAfterChildDied().Build());
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        Assert.Equal(IncidentStage.Scoping, (await s.ViewAsync(id)).Stage);
        Assert.Single(await s.MailAsync(id, SecretaryOfState));
    }
}

/// <summary>The National Panel notification: asked for before any reminder, recordable from the referral on, a reason for delay recordable, a late request says it is late.</summary>
public sealed class NotificationRequestTests
{
    [Fact]
    public async Task NotifiableReferral_DesignatedOfficerIsAskedAtOnce_NotRemindedFirst_AndCanRecordItDuringQualityAssurance()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        var first = (await s.MailAsync(id, WorkflowScenario.DesignatedOfficer)).OrderBy(m => m.SentAt).First();
        Assert.EndsWith("Notify the National Panel", first.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("already overdue", first.TextBody, StringComparison.Ordinal);

        // Still at quality assurance: the notification can be recorded (staff page or the officer's link).
        Assert.Equal(IncidentStage.ReferralQa, (await s.ViewAsync(id)).Stage);
        Assert.True(await s.CanAsync(id, ActionNames.RecordNationalPanelNotification));
        var result = await s.ActByLinkAsync(id, WorkflowScenario.DesignatedOfficer, new { sentOn = WorkflowScenario.Iso(s.Today), panelReference = "NP-EARLY-1" }, "Notify the National Panel");
        Assert.Empty(result.Errors);
        var view = await s.ViewAsync(id);
        Assert.Equal(Csp.Workflow.Application.DeadlineState.Met, view.Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.NationalPanelNotification).State);

        // The recording survives the hand-over to scoping: no second request, and the Rapid Review decision can follow it.
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        Assert.Equal(IncidentStage.Scoping, (await s.ViewAsync(id)).Stage);
        Assert.False(await s.CanAsync(id, ActionNames.RecordNationalPanelNotification));
        Assert.Single(await s.MailAsync(id, WorkflowScenario.DesignatedOfficer), m => m.Subject.EndsWith("Notify the National Panel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverdueNotification_AReasonCanBeRecorded_AndTheOfficersLinkStillWorksAfterTriage()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.AdvanceWorkingDaysAsync(6);
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("Overdue: National Panel notification", StringComparison.Ordinal));

        Assert.True(await s.CanAsync(id, ActionNames.RecordNotificationDelay));
        await s.ActAsync(id, ActionNames.RecordNotificationDelay, new { reason = "The designated officer is awaiting the police account; notifying tomorrow." });
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.Why == "The designated officer is awaiting the police account; notifying tomorrow.");
        Assert.True(await s.CanAsync(id, ActionNames.RecordNationalPanelNotification));

        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        var result = await s.ActByLinkAsync(id, WorkflowScenario.DesignatedOfficer, new { sentOn = WorkflowScenario.Iso(s.Today), panelReference = "NP-LATE-1" }, "Notify the National Panel");
        Assert.Empty(result.Errors);
        var view = await s.ViewAsync(id);
        Assert.Equal(Csp.Workflow.Application.DeadlineState.MetLate, view.Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.NationalPanelNotification).State);
    }

    [Fact]
    public async Task ReferralArrivingAfterTheNotificationWasDue_TheRequestSaysItIsAlreadyOverdue()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var aware = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, -8);
        var id = await s.SubmitAsync(new ReferralBuilder()
            .WithIncident(i => i with { DateOfIncident = aware.AddDays(-1), DateLocalAuthorityAware = aware })
            .WithSignOff(o => o with { DateSignedOff = aware }).Build());
        var request = Assert.Single(await s.MailAsync(id, WorkflowScenario.DesignatedOfficer), m => m.Subject.Contains("notify the National Panel", StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("Overdue: notify the National Panel", request.Subject, StringComparison.Ordinal);
        Assert.Contains("This is already overdue", request.TextBody, StringComparison.Ordinal);
    }
}

/// <summary>A late Rapid Review can still be held and decided: shown as late, the reason recorded, the Panel told.</summary>
public sealed class LateRapidReviewTests
{
    [Fact]
    public async Task PastTheFifteenWorkingDays_EscalatedThenAMeetingWithAReasonIsHeld_DecidedAndShownLate_AndThePanelIsTold()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        var due = (await s.ViewAsync(id)).Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.RapidReviewDecision).Due;

        // The Rapid Review deadline itself: a reminder before, an escalation after.
        await s.AdvanceToDateAsync(Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(due, 2));
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.PanelChairEmail), m => m.Subject.Contains("Reminder: Rapid Review decision", StringComparison.Ordinal));
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.BusinessManagerEmail), m => m.Subject.Contains("Overdue: Rapid Review decision", StringComparison.Ordinal));

        // A meeting after the window: refused without a reason, accepted with one.
        var on = Csp.Domain.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(s.Today, 2);
        var refused = await Assert.ThrowsAsync<ActionValidationException>(() =>
            s.ActAsync(id, ActionNames.ScheduleMeeting, new { startsAt = WorkflowScenario.Iso(on) + "T10:00", durationMinutes = 90, location = "Online" }));
        Assert.Contains(refused.Errors, e => e.Field == "lateReason");
        await s.ActAsync(id, ActionNames.ScheduleMeeting, new { startsAt = WorkflowScenario.Iso(on) + "T10:00", durationMinutes = 90, location = "Online", lateReason = "Two agencies could not attend before the deadline." });
        var late = Assert.Single(await s.MailAsync(id, "notifications@panel.example"), m => m.Subject.EndsWith("Rapid Review will be late", StringComparison.Ordinal));
        Assert.DoesNotContain("Robin", late.TextBody, StringComparison.Ordinal);
        var view = await s.ViewAsync(id);
        Assert.Contains(view.Timeline, t => t.What.StartsWith("Rapid Review late:", StringComparison.Ordinal) && t.Why == "Two agencies could not attend before the deadline.");

        // Held and decided, late.
        await s.AdvanceToDateAsync(on);
        await s.HoldMeetingAsync(id);
        await s.DecideAsync(id);
        view = await s.ViewAsync(id);
        Assert.Equal(IncidentStage.Decision, view.Stage);
        Assert.NotEqual(Csp.Workflow.Application.DeadlineState.Met, view.Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.RapidReviewDecision).State);
    }
}

/// <summary>The Rapid Review decision and its rationale are communicated to the family, as a recorded step.</summary>
public sealed class FamilyToldTests
{
    [Fact]
    public async Task AfterTheReportGoesToThePanel_TheBusinessUnitIsAskedToTellTheFamily_AndRecordsWhoAndWhen_OrWhyNot()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.ToDecisionRecordedAsync();
        await s.ApproveByLinkAsync(id);
        await s.SubmitReportAsync(id, Csp.Workflow.Model.ReportKind.RapidReviewReport, ActionNames.RecordRapidReviewReportSubmitted);
        Assert.Contains(await s.MailAsync(id, WorkflowScenario.BusinessUnit.Email), m => m.Subject.EndsWith("Task: tell the family the Rapid Review decision", StringComparison.Ordinal));

        Assert.True(await s.CanAsync(id, ActionNames.RecordFamilyTold));
        var missing = await Assert.ThrowsAsync<ActionValidationException>(() => s.ActAsync(id, ActionNames.RecordFamilyTold, new { }));
        Assert.Contains(missing.Errors, e => e.Field == "toldBy");
        await s.ActAsync(id, ActionNames.RecordFamilyTold, new { notToldReason = "The police asked us to wait until the suspect is interviewed." });
        await s.ActAsync(id, ActionNames.RecordFamilyTold, new { toldBy = "Sam Social, team manager", on = WorkflowScenario.Iso(s.Today) });
        var view = await s.ViewAsync(id);
        Assert.Contains(view.Timeline, t => t.Why == "The police asked us to wait until the suspect is interviewed.");
        Assert.Contains(view.Timeline, t => t.What.StartsWith("The family was told the Rapid Review decision and its rationale on ", StringComparison.Ordinal) && t.What.EndsWith("by Sam Social, team manager.", StringComparison.Ordinal));
        Assert.Equal(IncidentStage.Decision, view.Stage);
    }
}
