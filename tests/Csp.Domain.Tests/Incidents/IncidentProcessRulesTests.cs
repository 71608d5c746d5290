using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Tests.Referrals;
using static Csp.Domain.Tests.Incidents.IncidentJourney;

namespace Csp.Domain.Tests.Incidents;

/// <summary>
/// The process rules the incident decides for every human step (one test each): the link, the API
/// and the orchestration ask the incident, so these are the only place each rule is tested as a rule.
/// </summary>
public class IncidentProcessRulesTests
{
    private static DomainException Refused(Func<Incident> act) => Assert.Throws<DomainException>(act);

    private static string Field(DomainException ex) => Assert.Single(ex.Errors).Field;

    // ---------------------------------------------------------------- referral

    [Fact]
    public void ResubmitReferral_NoReferral_RefusedOnTheReferral()
    {
        var ex = Refused(() => Received().ResubmitReferral(null, D("2025-03-06")));

        Assert.Equal("referral", Field(ex));
    }

    [Fact]
    public void ResubmitReferral_InvalidReferral_RefusedWithEveryFieldError()
    {
        var unsigned = new ReferralBuilder().With(r => r with { SignOff = null }).Build();

        var ex = Refused(() => Received().ResubmitReferral(unsigned, D("2025-03-06")));

        Assert.NotEmpty(ex.Errors);
        Assert.Contains("invalid field", ex.Message);
    }

    [Fact]
    public void ResubmitReferral_DateLocalAuthorityAwareChanged_RefusedBecauseItStartsTheClock()
    {
        var moved = new ReferralBuilder().WithIncident(i => i with { DateLocalAuthorityAware = i.DateLocalAuthorityAware!.Value.AddDays(-1) }).Build();

        var ex = Refused(() => Received().ResubmitReferral(moved, D("2025-03-06")));

        Assert.Equal("incident.dateLocalAuthorityAware", Field(ex));
    }

    // ---------------------------------------------------------------- notification

    [Fact]
    public void RecordNationalPanelNotification_DatedTomorrow_RefusedOnTheDate()
    {
        var ex = Refused(() => AtNotification().RecordNationalPanelNotification("LA designated officer", D("2025-03-08"), "NP-1", D("2025-03-07")));

        Assert.Equal("sentOn", Field(ex));
    }

    [Fact]
    public void RecordNotificationDelay_NotificationAlreadyRecorded_RefusedNamingTheDateInProse()
    {
        var ex = Refused(() => Notified().RecordNotificationDelay("Waiting for the LA."));

        Assert.Equal("The National Panel notification was already recorded (sent Friday 7 March 2025).", ex.Message);
    }

    // ---------------------------------------------------------------- decision

    [Fact]
    public void RecordFamilyTold_NeitherWhoNorWhyNot_RefusedOnWhoToldThem()
    {
        var ex = Refused(() => AtDecision().RecordFamilyTold(null, D("2025-03-25"), null, D("2025-03-25")));

        Assert.Equal("toldBy", Field(ex));
    }

    [Fact]
    public void RecordFamilyTold_NoDate_RefusedOnTheDate()
    {
        var ex = Refused(() => AtDecision().RecordFamilyTold("Sam Social", null, null, D("2025-03-25")));

        Assert.Equal("on", Field(ex));
    }

    [Fact]
    public void RecordFamilyTold_ReasonNotTold_Accepted()
    {
        var incident = AtDecision();

        Assert.Same(incident, incident.RecordFamilyTold(null, null, "The police asked us to wait.", D("2025-03-25")));
    }

    [Fact]
    public void RecordRapidReviewDecision_LocalCsprWithoutBothTests_Refused()
    {
        var assessed = AtRapidReview().RecordCriteriaAssessment(new CsprCriteriaAssessment([], true, "No criterion met.", "Panel", D("2025-03-21")));

        var ex = Refused(() => assessed.RecordRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2025-03-24"), "Reasons."), D("2025-03-24")));

        Assert.Equal("csprMostAppropriate", Field(ex));
    }

    [Fact]
    public void RecordRapidReviewDecision_NoFurtherReviewWhenBothTestsAreMet_RefusedOnTheOutcome()
    {
        var ex = Refused(() => Assessed().RecordRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "Panel", D("2025-03-24"), "No review."), D("2025-03-24")));

        Assert.Equal("outcome", Field(ex));
        Assert.Contains("contradicts", ex.Message);
    }

    [Fact]
    public void ReviseRapidReviewDecision_NewTestsContradictTheOutcome_Refused()
    {
        var tests = new CsprCriteriaAssessment([CsprCriterion.MultiAgencyWorkingConcerns], true, "Both met.", "Panel", D("2025-03-26"));

        var ex = Refused(() => AtDecision().ReviseRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "Panel", D("2025-03-26"), "No review."), tests, 1));

        Assert.Equal("outcome", Field(ex));
    }

    [Fact]
    public void ReviseRapidReviewDecision_WithTheTests_RecordsThemWithTheDecision()
    {
        var tests = new CsprCriteriaAssessment([], false, "No criterion met after all.", "Panel", D("2025-03-26"));

        var revised = AtDecision().ReviseRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "Panel", D("2025-03-26"), "No criterion met."), tests, 1);

        Assert.Equal((RapidReviewOutcome.NoFurtherReview, tests), (revised.Decision!.Outcome, revised.CriteriaAssessment));
    }

    [Fact]
    public void ApproveRapidReviewReport_TheDraftDrawnFromTheCaseRecord_RefusedUntilTheCompletedReportIsUploaded()
    {
        var drafted = AtDecision().RecordRapidReviewReportDrafted(1);

        var ex = Refused(() => drafted.MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1).ApproveRapidReviewReport("Chair", D("2025-03-25"), 1, 1));

        Assert.Equal("reportVersion", Field(ex));
        Assert.StartsWith("Version 1 is the draft drawn from the case record", ex.Message);
        Assert.Equal(2, drafted.MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 2, 2).ApproveRapidReviewReport("Chair", D("2025-03-25"), 2, 2).RapidReviewReportApprovedVersion);
    }

    [Fact]
    public void ApproveRapidReviewReport_AVersionUploadedBeforeTheDecisionWasRevised_Refused()
    {
        var revised = AtDecision().RecordRapidReviewReportDrafted(1)
            .ReviseRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2025-03-26"), "A sharper rationale."), null, 2);

        var ex = Refused(() => revised.MarkRapidReviewReportReady("Business unit", D("2025-03-26"), 2, 2).ApproveRapidReviewReport("Chair", D("2025-03-26"), 2, 2));

        Assert.StartsWith("Version 2 no longer matches the decision", ex.Message);
        Assert.Equal(3, revised.MarkRapidReviewReportReady("Business unit", D("2025-03-27"), 3, 3).ApproveRapidReviewReport("Chair", D("2025-03-27"), 3, 3).RapidReviewReportApprovedVersion);
    }

    [Fact]
    public void RequestRapidReviewReportChanges_TheVersionReadCannotThenBeApproved()
    {
        var changes = AtDecision().RequestRapidReviewReportChanges("Chair", "Add the immediate actions.", D("2025-03-25"), 2);

        Assert.Equal(new ChangesRequested("Chair", D("2025-03-25"), "Add the immediate actions.", 2), changes.RapidReviewReportChangesRequested);
        Refused(() => changes.MarkRapidReviewReportReady("Business unit", D("2025-03-26"), 2, 2).ApproveRapidReviewReport("Chair", D("2025-03-26"), 2, 2));
    }

    [Fact]
    public void RecordRapidReviewReportSent_NotTheApprovedVersion_RefusedNamingTheApprovedVersion()
    {
        var approved = AtDecision().MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 3, 3).ApproveRapidReviewReport("Chair", D("2025-03-25"), 3, 3);

        var ex = Refused(() => approved.RecordRapidReviewReportSent("Business manager", D("2025-03-26"), 2, D("2025-03-26")));

        Assert.Equal(("reportVersion", "Select version 3, the approved version"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void RecordRapidReviewDecision_DatedTomorrow_RefusedOnTheDate()
    {
        var ex = Refused(() => Assessed().RecordRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2025-03-25"), "Reasons."), D("2025-03-24")));

        Assert.Equal("decidedOn", Field(ex));
    }

    [Fact]
    public void ApproveRapidReviewReport_WithoutTheVersionRead_Refused()
    {
        var ex = Refused(() => AtDecision().ApproveRapidReviewReport("Chair", D("2025-03-25"), null, 2));

        Assert.Equal("reportVersion", Field(ex));
    }

    [Fact]
    public void ApproveRapidReviewReport_NewerVersionUploadedSince_RefusedNamingIt()
    {
        var ex = Refused(() => AtDecision().ApproveRapidReviewReport("Chair", D("2025-03-25"), 1, 2));

        Assert.Equal("Version 2 was uploaded after you opened this page: read it, then approve.", ex.Message);
    }

    [Fact]
    public void ApproveRapidReviewReport_AVersionTheBusinessUnitHasNotMarkedReady_RefusedSayingSo()
    {
        var ex = Refused(() => AtDecision().ApproveRapidReviewReport("Chair", D("2025-03-25"), 2, 2));

        Assert.Equal("reportVersion", Field(ex));
        Assert.StartsWith("The business unit has not marked version 2 of the Rapid Review report as complete and ready for approval", ex.Message);
    }

    [Fact]
    public void MarkRapidReviewReportReady_TheDraftOrTheSameVersionAgain_Refused_ChangesAskedForClearIt()
    {
        var drafted = AtDecision().RecordRapidReviewReportDrafted(1);
        Assert.StartsWith("Version 1 is the draft drawn from the case record", Refused(() => drafted.MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1)).Message);

        var ready = drafted.MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 2, 2);
        Assert.Equal(2, ready.RapidReviewReportReadyVersion);
        Assert.Equal("reportVersion", Field(Refused(() => ready.MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 2, 2))));

        var changes = ready.RequestRapidReviewReportChanges("Chair", "Add the immediate actions.", D("2025-03-26"), 2);
        Assert.Null(changes.RapidReviewReportReadyVersion);
        Assert.Equal(3, changes.MarkRapidReviewReportReady("Business unit", D("2025-03-27"), 3, 3).RapidReviewReportReadyVersion);
    }

    [Fact]
    public void ApproveRapidReviewReport_VersionRead_RecordsItUntilTheDecisionIsRevised()
    {
        var approved = AtDecision().MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 2, 2).ApproveRapidReviewReport("Chair", D("2025-03-25"), 2, 2);
        var revised = approved.ReviseRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.OtherLearningReview, "Panel", D("2025-03-26"), "Panel questions."));

        Assert.Equal(2, approved.RapidReviewReportApprovedVersion);
        Assert.Null(revised.RapidReviewReportApprovedVersion);
    }

    [Fact]
    public void RequestRapidReviewReportChanges_WithoutComments_RefusedOnTheComments()
    {
        var ex = Refused(() => AtDecision().RequestRapidReviewReportChanges("Chair", " ", D("2025-03-25")));

        Assert.Equal("comments", Field(ex));
    }

    [Fact]
    public void RequestRapidReviewReportChanges_NoReportAwaitingApproval_Refused()
    {
        var ex = Refused(() => AtLocalCspr().RequestRapidReviewReportChanges("Chair", "Rewrite the rationale.", D("2025-03-28")));

        Assert.Equal("There is no Rapid Review report waiting for approval.", ex.Message);
    }

    [Fact]
    public void RecordRapidReviewReportSent_BeforeTheApprovalDate_RefusedNamingItInProse()
    {
        var approved = AtDecision().MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1).ApproveRapidReviewReport("Chair", D("2025-03-25"), 1, 1);

        var ex = Refused(() => approved.RecordRapidReviewReportSent("Business manager", D("2025-03-24"), 1, D("2025-03-26")));

        Assert.Equal(("sentOn", "Enter Tuesday 25 March 2025 or later"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void RecordRapidReviewReportSent_NoVersion_RefusedOnTheVersion()
    {
        var approved = AtDecision().MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1).ApproveRapidReviewReport("Chair", D("2025-03-25"), 1, 1);

        var ex = Refused(() => approved.RecordRapidReviewReportSent("Business manager", D("2025-03-26"), null, D("2025-03-26")));

        Assert.Equal("reportVersion", Field(ex));
    }

    [Fact]
    public void RecordNationalPanelResponse_AfterTheCaseMovedOn_KeptAsALateResponse()
    {
        var response = new NationalPanelResponse(NationalPanelResponseOutcome.DecisionRatified, D("2025-04-09"), "Agree with the local review.");

        var incident = AtLocalCspr().RecordNationalPanelResponse(response, D("2025-04-09"));

        Assert.Equal(response, incident.LatePanelResponse);
        Assert.Equal(IncidentStage.LocalCspr, incident.Stage);
    }

    [Fact]
    public void RecordNationalPanelResponse_ReceivedTomorrow_RefusedOnTheDate()
    {
        var response = new NationalPanelResponse(NationalPanelResponseOutcome.DecisionRatified, D("2025-04-10"), null);

        var ex = Refused(() => ReportSent().RecordNationalPanelResponse(response, D("2025-04-09")));

        Assert.Equal("receivedOn", Field(ex));
    }

    // ---------------------------------------------------------------- local CSPR

    [Fact]
    public void RecordChecklistStep_TwiceForTheSameStep_Refused()
    {
        var once = AtLocalCspr().RecordChecklistStep("confirm-cspr-panel", "Business manager", D("2025-04-01"), null, D("2025-04-01"));

        var ex = Refused(() => once.RecordChecklistStep("confirm-cspr-panel", "Business manager", D("2025-04-02"), null, D("2025-04-02")));

        Assert.Equal("This step of the review is already recorded.", ex.Message);
        Assert.Equal(new ChecklistEntry("confirm-cspr-panel", "Business manager", D("2025-04-01"), null), Assert.Single(once.Checklist));
    }

    [Fact]
    public void RecordChecklistStep_OutsideTheLocalCspr_Refused()
    {
        var ex = Refused(() => AtDecision().RecordChecklistStep("confirm-cspr-panel", "Business manager", D("2025-03-25"), null, D("2025-03-25")));

        Assert.Contains("only possible at the local CSPR stage", ex.Message);
    }

    [Fact]
    public void RecordChecklistStep_DatedTomorrow_RefusedOnTheDate()
    {
        var ex = Refused(() => AtLocalCspr().RecordChecklistStep("confirm-cspr-panel", "Business manager", D("2025-04-02"), null, D("2025-04-01")));

        Assert.Equal("on", Field(ex));
    }

    [Fact]
    public void RequestApprovalChanges_WithoutSayingWhatToChange_RefusedOnTheComments()
    {
        var ex = Refused(() => AtLocalCspr().RequestApprovalChanges("approve-terms-of-reference", "Chair", D("2025-04-01"), null));

        Assert.Equal("comments", Field(ex));
    }

    [Fact]
    public void RequestApprovalChanges_Recorded_AndTheStepStaysToDo()
    {
        var incident = AtLocalCspr().RequestApprovalChanges("approve-terms-of-reference", "Chair", D("2025-04-01"), "Add the family's questions.");

        Assert.Equal(new ApprovalChangesRequested("approve-terms-of-reference", "Chair", D("2025-04-01"), "Add the family's questions."), Assert.Single(incident.ApprovalChanges));
        Assert.Empty(incident.Checklist);
    }

    [Fact]
    public void RequestApprovalChanges_AfterTheStepWasApproved_Refused()
    {
        var approved = AtLocalCspr().RecordChecklistStep("approve-terms-of-reference", "Chair", D("2025-04-01"), null, D("2025-04-01"));

        Refused(() => approved.RequestApprovalChanges("approve-terms-of-reference", "Chair", D("2025-04-02"), "Too late."));
    }

    [Fact]
    public void ConfirmGovernanceResponses_Recorded_OnTheIncident()
    {
        var incident = AtLocalCspr().ConfirmGovernanceResponses(D("2025-09-01"), D("2025-09-02"));

        Assert.Equal(D("2025-09-01"), incident.GovernanceResponsesConfirmedOn);
    }

    // ---------------------------------------------------------------- publication

    [Fact]
    public void PlanPublication_BeforeTheNoticePeriodFromToday_RefusedWithTheReasonAndTheDateInProse()
    {
        var ex = Refused(() => FinalReportSignedOff().PlanPublication("Business manager", D("2025-09-11"), D("2025-09-19"), Deadlines));

        Assert.Equal(("plannedPublicationOn", "Enter Monday 22 September 2025 or later"), (ex.Errors[0].Field, ex.Errors[0].Message));
        Assert.StartsWith("Publication must be at least 7 working days after the final report goes to the National Panel and the Secretary of State", ex.Message);
        Assert.EndsWith("so the earliest date is Monday 22 September 2025.", ex.Message);
    }

    [Fact]
    public void ReschedulePublication_InThePast_Refused()
    {
        var ex = Refused(() => AtPublication().ReschedulePublication(D("2025-09-30"), D("2025-10-01"), Deadlines));

        Assert.Equal(("plannedPublicationOn", "Enter a date today or later"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void ReschedulePublication_BeforeTheReportHasGone_EarliestIsTheNoticePeriodFromToday()
    {
        var ex = Refused(() => AtPublication().ReschedulePublication(D("2025-10-02"), D("2025-10-01"), Deadlines));

        Assert.Equal("Enter Friday 10 October 2025 or later", ex.Errors[0].Message);
    }

    [Fact]
    public void ReschedulePublication_AfterTheReportWent_EarliestIsTheNoticePeriodFromTheDateSent()
    {
        var sent = AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", 1, D("2025-10-01"));

        var ex = Refused(() => sent.ReschedulePublication(D("2025-10-09"), D("2025-10-08"), Deadlines));

        Assert.Equal("Enter Friday 10 October 2025 or later", ex.Errors[0].Message);
        Assert.Contains("It went on Wednesday 1 October 2025", ex.Message);
    }

    [Fact]
    public void RecordPrePublicationNotice_BeforeTheBoardSignedOff_RefusedNamingTheSignOffDate()
    {
        var ex = Refused(() => AtPublication().RecordPrePublicationNotice("Business manager", D("2025-09-09"), "NP-FINAL-1", 1, D("2025-09-12")));

        Assert.Equal(("sentOn", "Enter Wednesday 10 September 2025 or later"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void RecordPrePublicationNotice_NoVersion_RefusedOnTheVersion()
    {
        var ex = Refused(() => AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", null, D("2025-10-01")));

        Assert.Equal("reportVersion", Field(ex));
    }

    [Fact]
    public void RecordPublished_BeforeTheNoticePeriodAfterTheReportWent_RefusedWithTheEarliestDate()
    {
        var sent = AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", 1, D("2025-10-01"));

        var ex = Refused(() => sent.RecordPublished("Business manager", D("2025-10-09"), PublicationForm.FullReport, D("2025-10-09"), Deadlines));

        Assert.Equal(("publishedOn", "Publish on Friday 10 October 2025 or later"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void RecordPublished_DatedTomorrow_RefusedOnTheDate()
    {
        var sent = AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", 1, D("2025-10-01"));

        var ex = Refused(() => sent.RecordPublished("Business manager", D("2025-10-16"), PublicationForm.FullReport, D("2025-10-15"), Deadlines));

        Assert.Equal("publishedOn", Field(ex));
    }

    // ---------------------------------------------------------------- action plan

    [Fact]
    public void AddRecommendation_DueInThePast_RefusedOnTheDueDate()
    {
        var ex = Refused(() => AtActionPlan().AddRecommendation("Share minutes.", "Owner", "owner@example.org", D("2025-10-19"), D("2025-10-20")));

        Assert.Equal("dueOn", Field(ex));
    }

    [Fact]
    public void AddRecommendation_OutsideTheActionPlan_Refused()
    {
        Refused(() => AtPublication().AddRecommendation("Share minutes.", "Owner", "owner@example.org", D("2025-12-01"), D("2025-10-01")));
    }

    [Fact]
    public void AddRecommendation_Numbered_InOrder()
    {
        var incident = AtActionPlan()
            .AddRecommendation("Share minutes.", "Owner", "owner@example.org", D("2025-12-01"), D("2025-10-20"))
            .AddRecommendation("Train staff.", "Trainer", "trainer@example.org", D("2026-01-01"), D("2025-10-20"));

        Assert.Equal(["R1", "R2"], incident.Recommendations.Select(r => r.Id));
    }

    [Fact]
    public void RecordActionPlanAgreed_NoRecommendations_Refused()
    {
        var ex = Refused(() => AtActionPlan().RecordActionPlanAgreed(D("2025-11-01"), D("2025-11-01")));

        Assert.Equal(("on", "Add a recommendation first"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    [Fact]
    public void ReportRecommendationProgress_NoRecommendationChosen_Refused()
    {
        var ex = Refused(() => PlanAgreed().ReportRecommendationProgress(null, "Progress.", false, null, D("2025-12-01")));

        Assert.Equal("recommendation", Field(ex));
    }

    [Fact]
    public void ReportRecommendationProgress_UnknownRecommendation_Refused()
    {
        var ex = Refused(() => PlanAgreed().ReportRecommendationProgress("R9", "Progress.", false, null, D("2025-12-01")));

        Assert.Equal("There is no recommendation R9.", ex.Message);
    }

    [Fact]
    public void ReportRecommendationProgress_AlreadyCompleted_Refused()
    {
        var ex = Refused(() => PlanAgreed().ReportRecommendationProgress("R1", "More.", false, null, D("2025-12-01")));

        Assert.Equal("Recommendation R1 is already completed.", ex.Message);
    }

    [Fact]
    public void ReportRecommendationProgress_ClosedWithAReason_SettledWithTheReason()
    {
        var incident = AtActionPlan()
            .AddRecommendation("Share minutes.", "Owner", "owner@example.org", D("2025-12-01"), D("2025-10-20"))
            .ReportRecommendationProgress("R1", "Covered nationally.", false, "The national audit covers it.", D("2025-11-05"));

        var r = Assert.Single(incident.Recommendations);
        Assert.Equal((D("2025-11-05"), "The national audit covers it."), (r.CompletedOn, r.ClosedReason));
    }

    [Fact]
    public void RecordThankYouLetters_OutsideTheActionPlan_Refused()
    {
        Refused(() => AtPublication().RecordThankYouLetters(D("2025-10-01"), D("2025-10-01")));
    }

    [Fact]
    public void SignOffActionPlan_RecommendationStillOpen_RefusedNamingIt()
    {
        var open = PlanAgreed().AddRecommendation("Train staff.", "Trainer", "trainer@example.org", D("2026-01-01"), D("2025-11-02"));

        var ex = Refused(() => open.SignOffActionPlan("Executive", D("2026-05-01"), D("2026-05-01")));

        Assert.Equal(("on", "Complete or close R2 first"), (ex.Errors[0].Field, ex.Errors[0].Message));
    }

    // ---------------------------------------------------------------- parallel proceedings

    [Fact]
    public void Pause_FromTomorrow_RefusedOnTheDate()
    {
        var ex = Refused(() => AtLocalCspr().Pause(ParallelProceedingType.Criminal, "Trial.", D("2025-05-02"), D("2025-05-01")));

        Assert.Equal("from", Field(ex));
    }

    [Fact]
    public void Resume_Tomorrow_RefusedOnTheDate()
    {
        var paused = AtLocalCspr().Pause(ParallelProceedingType.Criminal, "Trial.", D("2025-05-01"), D("2025-05-01"));

        var ex = Refused(() => paused.Resume(D("2025-05-03"), D("2025-05-02")));

        Assert.Equal("on", Field(ex));
    }
}
