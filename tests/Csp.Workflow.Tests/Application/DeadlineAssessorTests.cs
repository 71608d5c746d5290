using Csp.Domain.Calendar;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Testing;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;

namespace Csp.Workflow.Tests.Application;

/// <summary>Deadlines whose step is done read as met or waived; a closed incident has no open deadline.</summary>
public sealed class DeadlineAssessorTests
{
    private static readonly WorkflowCalendar Calendar = new(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales(), new ReminderOptions());
    private static readonly DeadlineAssessor Assessor = new(Calendar);
    /// <summary>The day the referral is valid for: quality assurance, triage, notification and scoping all happen then.</summary>
    private static readonly DateOnly Day = ReferralBuilder.Today;

    private static IncidentCase Scoping(params ScopingAgency[] agencies)
    {
        var incident = Incident.Open("CSP-T-1", new ReferralBuilder().Build(), Day)
            .PassQualityAssurance("Business unit", Day)
            .TriageReferral(new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Chair", Day, "Notifiable."))
            .RecordNationalPanelNotification("LADO", Day, "NP-1")
            .StartScoping("Workflow", Day, agencies.Select(a => a.Name));
        return new IncidentCase { IncidentId = "CSP-T-1", Reference = "CSP-T-1", Incident = incident, Agencies = agencies };
    }

    private static ScopingAgency Agency(string key, AgencyScopingStatus status, DateOnly? returned = null, DateOnly? waived = null) => new()
    {
        Key = key, Name = "Agency " + key, ContactEmail = key + "@agency.example", Status = status, RequestedOn = Day,
        DueOn = Calendar.Days.AddWorkingDays(Day, 5), FirstReturnedOn = returned, ReturnedOn = returned, WaivedOn = waived,
        WaivedReason = waived is null ? null : "No involvement.",
    };

    private static DeadlineView Returns(IncidentCase c, DateOnly today) =>
        Assessor.Assess(c, today).Single(d => d.Kind == DeadlineKinds.ScopingReturns);

    [Fact]
    public void Assess_ReturnsAcceptedOrWaivedBeforeTheDueDate_MetOnTheLastOfThem()
    {
        var c = Scoping(Agency("a1", AgencyScopingStatus.Accepted, returned: Day.AddDays(1)), Agency("a2", AgencyScopingStatus.Waived, waived: Day.AddDays(2)));

        var returns = Returns(c, Day.AddDays(30));

        Assert.Equal(DeadlineState.Met, returns.State);
        Assert.Equal(Day.AddDays(2), returns.MetOn);
        Assert.NotEqual(DeadlineKinds.ScopingReturns, Assessor.Next(c, Day.AddDays(30))?.Kind);
    }

    [Fact]
    public void Assess_ScopingReturns_DueFromTheAgenciesOwnDates_LateWhenAnyWasLate()
    {
        var late = Agency("a2", AgencyScopingStatus.Accepted, returned: Calendar.Days.AddWorkingDays(Day, 7)) with { AddedDuringScoping = true };
        var c = Scoping(Agency("a1", AgencyScopingStatus.Accepted, returned: Day.AddDays(1)), late);
        // An outcome recorded before agencies added later counted says nothing about them.
        c = c.WithOutcome(new DeadlineOutcome(DeadlineKinds.ScopingReturns, null, Calendar.Days.AddWorkingDays(Day, 5), Day.AddDays(1), true));

        var returns = Returns(c, Day.AddDays(30));

        Assert.Equal(DeadlineState.MetLate, returns.State);
        Assert.Equal(late.FirstReturnedOn, returns.MetOn);
        Assert.Contains("those added after the referral included", returns.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_EveryReturnWaived_Waived()
    {
        var c = Scoping(Agency("a1", AgencyScopingStatus.Waived, waived: Day.AddDays(1)), Agency("a2", AgencyScopingStatus.Waived, waived: Day.AddDays(3)));

        var returns = Returns(c, Day.AddDays(30));

        Assert.Equal(DeadlineState.Waived, returns.State);
        Assert.Equal(Day.AddDays(3), returns.MetOn);
    }

    [Fact]
    public void Assess_ScopingClosedWithoutAReturn_MissedNotOverdue_SoNotTheNextDeadline()
    {
        var c = Scoping(Agency("a1", AgencyScopingStatus.Accepted, returned: Day.AddDays(1)), Agency("a2", AgencyScopingStatus.Closed));
        var due = Calendar.Days.AddWorkingDays(Day, 5);
        c = c.WithOutcome(new DeadlineOutcome(DeadlineKinds.ScopingReturns, null, due, null, false));

        Assert.Equal(DeadlineState.Missed, Returns(c, Day.AddDays(60)).State);
        Assert.DoesNotContain(Assessor.Assess(c, Day.AddDays(60)), d => d.Kind == DeadlineKinds.ScopingReturns && d.State == DeadlineState.Overdue);
    }

    [Fact]
    public void Assess_ClosedIncident_NothingOverdueAndNoNextDeadline()
    {
        var c = Scoping(Agency("a1", AgencyScopingStatus.Accepted, returned: Day.AddDays(1)));
        var closedOn = Day.AddDays(40);
        var incident = c.Incident.StartRapidReview("Workflow", Day.AddDays(10))
            .RecordCriteriaAssessment(new CsprCriteriaAssessment([], false, "Criteria not met.", "Panel", Day.AddDays(10)))
            .RecordRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "Panel", Day.AddDays(10), "Criteria not met."))
            .MarkRapidReviewReportReady("Business unit", Day.AddDays(11), 1, 1).ApproveRapidReviewReport("Chair", Day.AddDays(11), 1, 1)
            .RecordRapidReviewReportSent("Business unit", Day.AddDays(30), 1)
            .ProceedWithDecision("Business unit", closedOn)
            .Close("Workflow", closedOn, "No further review.");
        c = c with { Incident = incident };

        var deadlines = Assessor.Assess(c, closedOn.AddDays(100));

        Assert.DoesNotContain(deadlines, d => d.State is DeadlineState.Overdue or DeadlineState.Due);
        Assert.Null(Assessor.Next(c, closedOn.AddDays(100)));
    }
}
