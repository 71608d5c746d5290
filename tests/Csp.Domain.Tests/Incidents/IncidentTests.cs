using System.Text.Json;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Tests.Referrals;
using Csp.Domain.Timescales;
using static Csp.Domain.Tests.Incidents.IncidentJourney;

namespace Csp.Domain.Tests.Incidents;

public class IncidentTests
{
    // ---------------------------------------------------------------- legal path

    [Fact]
    public void FullLocalCsprPath_ReachesClosed_WithEveryStageChangeRecorded()
    {
        var incident = IncidentJourney.Closed();

        Assert.Equal(IncidentStage.Closed, incident.Stage);
        Assert.Equal(
        [
            (IncidentStage.ReferralQa, IncidentStage.Notification),
            (IncidentStage.Notification, IncidentStage.Scoping),
            (IncidentStage.Scoping, IncidentStage.RapidReview),
            (IncidentStage.RapidReview, IncidentStage.Decision),
            (IncidentStage.Decision, IncidentStage.LocalCspr),
            (IncidentStage.LocalCspr, IncidentStage.Publication),
            (IncidentStage.Publication, IncidentStage.ActionPlan),
            (IncidentStage.ActionPlan, IncidentStage.Closed),
        ], incident.History.Select(h => (h.From, h.To)));
        Assert.All(incident.History, h => Assert.False(string.IsNullOrWhiteSpace(h.By)));
        Assert.All(incident.History, h => Assert.False(string.IsNullOrWhiteSpace(h.Reason)));
        Assert.Equal("Panel chair", incident.History[0].By);
        Assert.Equal(D("2025-03-06"), incident.History[0].On);
    }

    [Fact]
    public void Open_NewReferral_StartsAtReferralQa()
    {
        var incident = Received();

        Assert.Equal(IncidentStage.ReferralQa, incident.Stage);
        Assert.Equal("INC-2025-0001", incident.Id);
        Assert.Empty(incident.History);
        Assert.False(incident.IsPaused);
    }

    [Fact]
    public void Open_WithoutId_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Incident.Open(" ", new ReferralBuilder().Build(), D("2025-03-05")));
    }

    [Fact]
    public void Methods_ReturnNewState_LeavingTheOriginalUnchanged()
    {
        var before = QualityAssured();

        var after = before.TriageReferral(new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Chair", D("2025-03-06"), "Notifiable."));

        Assert.Equal(IncidentStage.ReferralQa, before.Stage);
        Assert.Null(before.Triage);
        Assert.Equal(IncidentStage.Notification, after.Stage);
    }

    // ---------------------------------------------------------------- referral QA and triage

    [Fact]
    public void PassQualityAssurance_IncompleteReferral_ThrowsWithFieldErrors()
    {
        var incident = Incident.Open("INC-1", new ReferralBuilder().With(r => r with { SignOff = null }).Build(), D("2025-03-05"));

        var ex = Assert.Throws<DomainException>(() => incident.PassQualityAssurance("Business manager", D("2025-03-05")));

        Assert.Equal("signOff", Assert.Single(ex.Errors).Field);
        Assert.Contains("return it to the referrer", ex.Message);
    }

    [Fact]
    public void ReturnThenResubmit_MissingSignOffAdded_PassesQualityAssurance()
    {
        var unsigned = new ReferralBuilder().With(r => r with { SignOff = null }).Build();
        var incident = Incident.Open("INC-1", unsigned, D("2025-03-05"));
        var issues = ReferralValidator.Validate(unsigned, D("2025-03-05"));

        var returned = incident.ReturnReferralToReferrer("Business manager", D("2025-03-05"), issues);
        var passed = returned.ResubmitReferral(new ReferralBuilder().Build(), D("2025-03-06")).PassQualityAssurance("Business manager", D("2025-03-06"));

        Assert.Equal(issues, Assert.Single(returned.ReferralReturns).Issues);
        Assert.Equal(new RecordedStep("Business manager", D("2025-03-06")), passed.QualityAssurance);
        Assert.Equal(IncidentStage.ReferralQa, passed.Stage);
    }

    [Fact]
    public void ReturnReferralToReferrer_WithNothingToSay_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Received().ReturnReferralToReferrer("Business manager", D("2025-03-05"), [], " "));
    }

    [Fact]
    public void TriageReferral_BeforeQualityAssurance_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => Received().TriageReferral(
            new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Chair", D("2025-03-06"), "Notifiable.")));

        Assert.Contains("not passed quality assurance", ex.Message);
    }

    [Fact]
    public void TriageReferral_RapidReviewForIncidentThatIsNotNotifiable_ThrowsDomainException()
    {
        var referral = new ReferralBuilder().WithIncident(i => i with { AbuseOrNeglect = AbuseOrNeglect.No }).Build();
        var incident = Incident.Open("INC-2", referral, D("2025-03-05")).PassQualityAssurance("Business manager", D("2025-03-05"));

        var ex = Assert.Throws<DomainException>(() => incident.TriageReferral(
            new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Chair", D("2025-03-06"), "Looks serious.")));

        Assert.Contains("notifiable", ex.Message);
    }

    [Theory]
    [InlineData(ReferralTriageOutcome.OtherLearningReview)]
    [InlineData(ReferralTriageOutcome.NoFurtherReview)]
    public void TriageReferral_NotifiableIncidentAwayFromARapidReview_IsRefusedWithTheReason(ReferralTriageOutcome outcome)
    {
        var ex = Assert.Throws<DomainException>(() => QualityAssured().TriageReferral(new ReferralTriageDecision(outcome, "Chair", D("2025-03-06"), "No learning.")));

        Assert.Contains("must notify the National Panel", ex.Message);
        Assert.Contains(ex.Errors, e => e.Field == "outcome");
    }

    [Theory]
    [InlineData(ReferralTriageOutcome.RapidReview, IncidentStage.Notification)]
    [InlineData(ReferralTriageOutcome.OtherLearningReview, IncidentStage.OtherLearningReview)]
    [InlineData(ReferralTriageOutcome.NoFurtherReview, IncidentStage.NoFurtherReview)]
    public void TriageReferral_Outcome_MovesToMatchingStageWithRationale(ReferralTriageOutcome outcome, IncidentStage expected)
    {
        // Only a notifiable incident goes to a Rapid Review; the others are not notifiable (no abuse or neglect suspected).
        var start = outcome == ReferralTriageOutcome.RapidReview
            ? QualityAssured()
            : Incident.Open("INC-3", new ReferralBuilder().WithIncident(i => i with { AbuseOrNeglect = AbuseOrNeglect.No }).Build(), D("2025-03-05"))
                .PassQualityAssurance("Business manager", D("2025-03-05"));
        var incident = start.TriageReferral(new ReferralTriageDecision(outcome, "Chair", D("2025-03-06"), "Recorded rationale."));

        Assert.Equal(expected, incident.Stage);
        Assert.Equal("Recorded rationale.", incident.History.Single().Reason);
        Assert.Equal("Recorded rationale.", incident.Triage!.Rationale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ReferralTriageDecision_WithoutRationale_ThrowsDomainException(string rationale)
    {
        Assert.Throws<DomainException>(() => new ReferralTriageDecision(ReferralTriageOutcome.NoFurtherReview, "Chair", D("2025-03-06"), rationale));
    }

    // ---------------------------------------------------------------- notification and scoping

    [Fact]
    public void StartScoping_BeforeNationalPanelNotified_StartsScopingAlongsideTheNotification()
    {
        var incident = AtNotification().StartScoping("Business manager", D("2025-03-06"), ["Police"]);

        Assert.Equal(IncidentStage.Scoping, incident.Stage);
        Assert.Null(incident.NationalPanelNotification);
        Assert.Equal(D("2025-03-06"), incident.ScopingRequestedOn);
    }

    [Fact]
    public void RecordNationalPanelNotification_AfterTheRapidReviewMeeting_IsRecorded()
    {
        var incident = AtNotification().StartScoping("Business manager", D("2025-03-06"), ["Police"])
            .StartRapidReview("Panel chair", D("2025-03-20"))
            .RecordNationalPanelNotification("LA designated officer", D("2025-03-12"), "NP-9");

        Assert.Equal(D("2025-03-12"), incident.NationalPanelNotification!.SentOn);
    }

    [Fact]
    public void RecordRapidReviewDecision_BeforeTheNationalPanelNotification_ThrowsDomainException()
    {
        var assessed = AtNotification().StartScoping("Business manager", D("2025-03-06"), ["Police"])
            .StartRapidReview("Panel chair", D("2025-03-20"))
            .RecordCriteriaAssessment(new CsprCriteriaAssessment([CsprCriterion.MultiAgencyWorkingConcerns], true, "Reasons.", "Panel", D("2025-03-20")));

        var ex = Assert.Throws<DomainException>(() => assessed.RecordRapidReviewDecision(
            new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2025-03-20"), "Reasons.")));

        Assert.Contains("before the National Panel notification is recorded", ex.Message);
    }

    [Fact]
    public void RecordNationalPanelNotification_Twice_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Notified().RecordNationalPanelNotification("LA designated officer", D("2025-03-08"), "NP-0002"));
    }

    [Fact]
    public void RecordNationalPanelNotification_BeforeLaAware_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtNotification().RecordNationalPanelNotification("LA designated officer", D("2025-03-03"), "NP-1"));
    }

    [Fact]
    public void RecordNationalPanelNotification_DuringQa_IsAllowedBecauseTheLaMayAlreadyHaveNotified()
    {
        var incident = Received().RecordNationalPanelNotification("LA designated officer", D("2025-03-05"), "NP-7");

        Assert.Equal("NP-7", incident.NationalPanelNotification!.Reference);
        Assert.Equal(["National Panel"], incident.NationalPanelNotification.Recipients);
    }

    [Fact]
    public void StartScoping_SameAgencyTwice_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Notified().StartScoping("Business manager", D("2025-03-10"), ["Police", "police "]));
    }

    [Fact]
    public void StartScoping_NoAgencies_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => Notified().StartScoping("Business manager", D("2025-03-10"), [" "]));
    }

    [Fact]
    public void ScopingReturn_ReturnedResubmittedAndAccepted_TracksEachAgencysState()
    {
        var incident = AtScoping()
            .RecordScopingReturn("Exampleshire Police", D("2025-03-12"))
            .RequestScopingResubmission("exampleshire police", "Business manager", D("2025-03-13"), "Chronology missing.")
            .RecordScopingReturn("Exampleshire Police", D("2025-03-14"))
            .AcceptScopingReturn("Exampleshire Police", "Business manager", D("2025-03-14"));

        var police = incident.ScopingReturns.Single(r => r.Agency == "Exampleshire Police");
        Assert.Equal(ScopingReturnStatus.Accepted, police.Status);
        Assert.Equal(D("2025-03-14"), police.ReturnedOn);
        Assert.Equal(ScopingReturnStatus.Requested, incident.ScopingReturns.Single(r => r.Agency != "Exampleshire Police").Status);
    }

    [Fact]
    public void AcceptScopingReturn_NotYetReturned_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtScoping().AcceptScopingReturn("Exampleshire Police", "Business manager", D("2025-03-12")));

        Assert.Contains("requested", ex.Message);
    }

    [Fact]
    public void RecordScopingReturn_AgencyNotAsked_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtScoping().RecordScopingReturn("Exampleshire Fire Service", D("2025-03-12")));

        Assert.Contains("was not asked", ex.Message);
    }

    // ---------------------------------------------------------------- Rapid Review and decision

    [Fact]
    public void RecordRapidReviewDecision_WithoutCriteriaAssessment_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtRapidReview().RecordRapidReviewDecision(
            new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2025-03-24"), "Reasons.")));

        Assert.Contains("two tests", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RapidReviewDecision_WithoutRationale_ThrowsDomainException(string rationale)
    {
        var ex = Assert.Throws<DomainException>(() => new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "Panel", D("2025-03-24"), rationale));

        Assert.Contains("rationale", ex.Message);
    }

    [Fact]
    public void RapidReviewDecision_WithoutDecisionMaker_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => new RapidReviewDecision(RapidReviewOutcome.NoFurtherReview, "", D("2025-03-24"), "Reasons."));
    }

    [Fact]
    public void RecordRapidReviewDecision_RecordsWhoWhenAndWhy()
    {
        var incident = AtDecision(RapidReviewOutcome.OtherLearningReview);

        Assert.Equal(IncidentStage.Decision, incident.Stage);
        Assert.Equal(new RapidReviewDecision(RapidReviewOutcome.OtherLearningReview, "Rapid Review panel", D("2025-03-24"), "Both tests applied; see assessment."), incident.Decision);
        Assert.Contains("OtherLearningReview", incident.History.Last().Reason);
    }

    [Fact]
    public void RecordRapidReviewReportSent_BeforeApproval_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtDecision().RecordRapidReviewReportSent("Business manager", D("2025-03-26"), 1));
    }

    [Fact]
    public void ProceedWithDecision_ReportNotSent_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtDecision().MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1).ApproveRapidReviewReport("Chair", D("2025-03-25"), 1, 1).ProceedWithDecision("Business manager", D("2025-03-27")));

        Assert.Contains("Send the approved Rapid Review report", ex.Message);
    }

    [Theory]
    [InlineData(RapidReviewOutcome.LocalCspr, IncidentStage.LocalCspr)]
    [InlineData(RapidReviewOutcome.OtherLearningReview, IncidentStage.OtherLearningReview)]
    [InlineData(RapidReviewOutcome.NoFurtherReview, IncidentStage.NoFurtherReview)]
    public void ProceedWithDecision_ReportSent_MovesToTheDecidedReview(RapidReviewOutcome outcome, IncidentStage expected)
    {
        Assert.Equal(expected, ReportSent(outcome).ProceedWithDecision("Business manager", D("2025-03-27")).Stage);
    }

    [Fact]
    public void ProceedWithDecision_NationalReviewRecommendedAndPanelNotYetReplied_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => ReportSent(RapidReviewOutcome.RecommendNationalReview).ProceedWithDecision("Business manager", D("2025-03-27")));

        Assert.Contains("wait for the National Panel", ex.Message);
    }

    [Fact]
    public void ProceedWithDecision_PanelDeclinedNationalReview_RequiresRevisedDecision()
    {
        var declined = ReportSent(RapidReviewOutcome.RecommendNationalReview)
            .RecordNationalPanelResponse(new NationalPanelResponse(NationalPanelResponseOutcome.NationalReviewDeclined, D("2025-04-09"), "Local review preferred."));

        var ex = Assert.Throws<DomainException>(() => declined.ProceedWithDecision("Business manager", D("2025-04-10")));
        Assert.Contains("revise the Rapid Review decision", ex.Message);

        var revised = declined.ReviseRapidReviewDecision(
            new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Rapid Review panel", D("2025-04-11"), "Panel asked for a local review."));
        Assert.Null(revised.RapidReviewReportSent); // the revised decision goes back to the Panel
        var local = revised.MarkRapidReviewReportReady("Business unit", D("2025-04-11"), 2, 2).ApproveRapidReviewReport("Chair", D("2025-04-11"), 2, 2).RecordRapidReviewReportSent("Business manager", D("2025-04-11"), 2)
            .ProceedWithDecision("Business manager", D("2025-04-14"));
        Assert.Equal(IncidentStage.LocalCspr, local.Stage);
        Assert.Equal(D("2025-04-11"), local.KeyDates()!.Decision);
    }

    [Fact]
    public void ProceedWithDecision_PanelWillCarryOutNationalReview_MovesToNationalReviewWhateverTheLocalDecision()
    {
        var incident = ReportSent(RapidReviewOutcome.LocalCspr)
            .RecordNationalPanelResponse(new NationalPanelResponse(NationalPanelResponseOutcome.NationalReviewToBeCarriedOut, D("2025-04-09"), null))
            .ProceedWithDecision("Business manager", D("2025-04-10"));

        Assert.Equal(IncidentStage.NationalReview, incident.Stage);
    }

    [Fact]
    public void RecordNationalPanelResponse_BeforeReportSent_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtDecision().RecordNationalPanelResponse(
            new NationalPanelResponse(NationalPanelResponseOutcome.DecisionRatified, D("2025-04-09"), null)));
    }

    // ---------------------------------------------------------------- local CSPR, publication, action plan

    [Fact]
    public void PlanPublication_FinalReportNotSignedOff_ThrowsDomainException()
    {
        var incident = AtLocalCspr().RecordLeadReviewerCommissioned("Dr Fictional Reviewer", D("2025-04-10"));

        var ex = Assert.Throws<DomainException>(() => incident.PlanPublication("Business manager", D("2025-09-11"), D("2025-10-15"), Deadlines));

        Assert.Contains("sign off the final report", ex.Message);
    }

    [Fact]
    public void RecordFinalReportSignedOff_NoReviewerCommissioned_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtLocalCspr().RecordFinalReportSignedOff("Board", D("2025-09-10")));
    }

    [Fact]
    public void RecordPublished_WithoutPrePublicationNotice_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtPublication().RecordPublished("Business manager", D("2025-10-15"), PublicationForm.FullReport, D("2025-10-15"), Deadlines));

        Assert.Contains("before it is published", ex.Message);
    }

    [Fact]
    public void RecordPublished_NoticeSentAfterPublicationDate_ThrowsDomainException()
    {
        var incident = AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-16"), "NP-FINAL-1", 1, D("2025-10-16"));

        Assert.Throws<DomainException>(() => incident.RecordPublished("Business manager", D("2025-10-15"), PublicationForm.FullReport, D("2025-10-16"), Deadlines));
    }

    [Fact]
    public void RecordPublished_ImprovementsSummary_RecordedAndMovesToActionPlan()
    {
        var incident = AtPublication()
            .RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-7", 1, D("2025-10-01"))
            .RecordPublished("Business manager", D("2025-10-15"), PublicationForm.ImprovementsSummary, D("2025-10-15"), Deadlines);

        Assert.Equal(IncidentStage.ActionPlan, incident.Stage);
        Assert.Equal(PublicationForm.ImprovementsSummary, incident.Publication!.Form);
        Assert.Equal(["National Panel", "Secretary of State"], incident.PrePublicationNotice!.Recipients);
        Assert.Equal("NP-FINAL-7", incident.PrePublicationNotice.Reference);
    }

    [Fact]
    public void SignOffActionPlan_NoPlanAgreed_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtActionPlan().SignOffActionPlan("Executive", D("2026-05-01")));
    }

    [Fact]
    public void RecordActionPlanReport_NoPlanAgreed_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtActionPlan().RecordActionPlanReport("Business manager", D("2026-02-01")));
    }

    [Fact]
    public void OtherLearningReview_Completed_MovesToActionPlan()
    {
        var incident = AtOtherLearningReview().CompleteOtherLearningReview("Business manager", D("2025-06-20"));

        Assert.Equal(IncidentStage.ActionPlan, incident.Stage);
        Assert.Equal(new RecordedStep("Business manager", D("2025-06-20")), incident.ReviewCompleted);
    }

    [Fact]
    public void NoFurtherReview_Close_MovesToClosedWithReason()
    {
        var incident = AtNoFurtherReview().Close("Business manager", D("2025-04-01"), "Rapid Review found no further learning; family told.");

        Assert.Equal(IncidentStage.Closed, incident.Stage);
        Assert.Equal("Rapid Review found no further learning; family told.", incident.History.Last().Reason);
    }

    [Fact]
    public void Close_WithoutReason_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtNoFurtherReview().Close("Business manager", D("2025-04-01"), ""));
    }

    [Fact]
    public void NationalReview_CompletedOrClosed_BothLegal()
    {
        Assert.Equal(IncidentStage.ActionPlan, AtNationalReview().CompleteNationalReview("Business manager", D("2026-01-10")).Stage);
        Assert.Equal(IncidentStage.Closed, AtNationalReview().Close("Business manager", D("2026-01-10"), "National review published; no local actions.").Stage);
    }

    // ---------------------------------------------------------------- parallel proceedings

    [Fact]
    public void Pause_DuringLocalCspr_BlocksStageMovesUntilResumed()
    {
        var paused = FinalReportSignedOff().Pause(ParallelProceedingType.Criminal, "Trial listed for January.", D("2025-09-10"));

        Assert.True(paused.IsPaused);
        var ex = Assert.Throws<DomainException>(() => paused.PlanPublication("Business manager", D("2025-09-11"), D("2025-10-15"), Deadlines));
        Assert.Contains("paused for criminal proceedings since Wednesday 10 September 2025", ex.Message);

        var resumed = paused.Resume(D("2026-01-20"));
        Assert.False(resumed.IsPaused);
        Assert.Equal(new ParallelProceedingsPause(ParallelProceedingType.Criminal, "Trial listed for January.", D("2025-09-10"), D("2026-01-20")), resumed.Pauses.Single());
        Assert.Equal(IncidentStage.Publication, resumed.PlanPublication("Business manager", D("2026-01-21"), D("2026-02-20"), Deadlines).Stage);
    }

    [Fact]
    public void Pause_RecordingFactsWhilePaused_IsStillAllowed()
    {
        var paused = AtLocalCspr().Pause(ParallelProceedingType.Coroner, "Inquest pending.", D("2025-04-01"));

        var incident = paused.RecordLeadReviewerCommissioned("Dr Fictional Reviewer", D("2025-04-10"));

        Assert.Equal("Dr Fictional Reviewer", incident.LeadReviewer);
        Assert.True(incident.IsPaused);
    }

    [Fact]
    public void Pause_AlreadyPaused_ThrowsDomainException()
    {
        var paused = AtPublication().Pause(ParallelProceedingType.Coroner, "Inquest.", D("2025-09-12"));

        Assert.Throws<DomainException>(() => paused.Pause(ParallelProceedingType.Criminal, "Trial.", D("2025-09-13")));
    }

    [Fact]
    public void Pause_AtRapidReview_ThrowsDomainException()
    {
        var ex = Assert.Throws<DomainException>(() => AtRapidReview().Pause(ParallelProceedingType.Criminal, "Trial.", D("2025-03-22")));

        Assert.Contains("rapid review stage", ex.Message);
    }

    [Fact]
    public void Resume_NotPaused_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtLocalCspr().Resume(D("2025-05-01")));
    }

    [Fact]
    public void Resume_BeforePauseStarted_ThrowsDomainException()
    {
        var paused = AtLocalCspr().Pause(ParallelProceedingType.FamilyCourt, "Care proceedings.", D("2025-05-01"));

        Assert.Throws<DomainException>(() => paused.Resume(D("2025-04-30")));
    }

    [Fact]
    public void Pause_WithoutReason_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => AtLocalCspr().Pause(ParallelProceedingType.Criminal, " ", D("2025-05-01")));
    }

    // ---------------------------------------------------------------- illegal moves from every stage

    private static readonly Dictionary<string, Func<Incident>> States = new()
    {
        [nameof(IncidentStage.ReferralQa)] = QualityAssured,
        [nameof(IncidentStage.Notification)] = Notified,
        [nameof(IncidentStage.Scoping)] = AtScoping,
        [nameof(IncidentStage.RapidReview)] = Assessed,
        [nameof(IncidentStage.Decision)] = () => ReportSent(),
        [nameof(IncidentStage.LocalCspr)] = FinalReportSignedOff,
        [nameof(IncidentStage.OtherLearningReview)] = AtOtherLearningReview,
        [nameof(IncidentStage.NationalReview)] = AtNationalReview,
        [nameof(IncidentStage.NoFurtherReview)] = AtNoFurtherReview,
        [nameof(IncidentStage.Publication)] = () => AtPublication().RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", 1, D("2025-10-01")),
        [nameof(IncidentStage.ActionPlan)] = PlanAgreed,
        [nameof(IncidentStage.Closed)] = IncidentJourney.Closed,
    };

    private static readonly Dictionary<string, (Func<Incident, Incident> Act, IncidentStage[] LegalFrom)> Moves = new()
    {
        ["TriageReferral"] = (i => i.TriageReferral(new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Chair", D("2026-06-01"), "Notifiable.")), [IncidentStage.ReferralQa]),
        ["StartScoping"] = (i => i.StartScoping("Business manager", D("2026-06-01"), ["Police"]), [IncidentStage.Notification]),
        ["StartRapidReview"] = (i => i.StartRapidReview("Chair", D("2026-06-01")), [IncidentStage.Scoping]),
        ["RecordRapidReviewDecision"] = (i => i.RecordRapidReviewDecision(new RapidReviewDecision(RapidReviewOutcome.LocalCspr, "Panel", D("2026-06-01"), "Reasons.")), [IncidentStage.RapidReview]),
        ["ProceedWithDecision"] = (i => i.ProceedWithDecision("Business manager", D("2026-06-01")), [IncidentStage.Decision]),
        ["PlanPublication"] = (i => i.PlanPublication("Business manager", D("2026-06-01"), D("2026-07-01"), Deadlines), [IncidentStage.LocalCspr]),
        ["RecordPublished"] = (i => i.RecordPublished("Business manager", D("2026-06-01"), PublicationForm.FullReport, D("2026-06-01"), Deadlines), [IncidentStage.Publication]),
        ["CompleteOtherLearningReview"] = (i => i.CompleteOtherLearningReview("Business manager", D("2026-06-01")), [IncidentStage.OtherLearningReview]),
        ["CompleteNationalReview"] = (i => i.CompleteNationalReview("Business manager", D("2026-06-01")), [IncidentStage.NationalReview]),
        ["SignOffActionPlan"] = (i => i.SignOffActionPlan("Executive", D("2026-06-01")), [IncidentStage.ActionPlan]),
        ["Close"] = (i => i.Close("Business manager", D("2026-06-01"), "Done."), [IncidentStage.NoFurtherReview, IncidentStage.NationalReview]),
        ["Pause"] = (i => i.Pause(ParallelProceedingType.Criminal, "Trial.", D("2026-06-01")), [IncidentStage.LocalCspr, IncidentStage.OtherLearningReview, IncidentStage.Publication]),
    };

    public static TheoryData<string, string> EveryStageAndMove()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States.Keys)
        foreach (var move in Moves.Keys)
            data.Add(state, move);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStageAndMove))]
    public void Move_FromEveryStage_LegalOnlyFromItsStages(string state, string move)
    {
        var incident = States[state]();
        Assert.Equal(state, incident.Stage.ToString());
        var (act, legalFrom) = Moves[move];

        if (legalFrom.Contains(incident.Stage))
        {
            var next = act(incident);
            Assert.True(next.Stage != incident.Stage || next.IsPaused, $"{move} from {state} should change the stage or pause");
        }
        else
        {
            var ex = Assert.Throws<DomainException>(() => act(incident));
            Assert.Contains("stage", ex.Message);
            Assert.StartsWith(move == "Pause" ? "The review cannot be paused" : "Cannot ", ex.Message);
        }
    }

    // ---------------------------------------------------------------- deadlines and persistence

    [Fact]
    public void KeyDates_AfterDecision_FeedTheDeadlineCalculator()
    {
        var incident = AtLocalCspr();

        var deadlines = new DeadlineCalculator().Calculate(incident.KeyDates()!);

        // Aware Tue 4 Mar 2025 → notification due Tue 11 Mar; notified Fri 7 Mar → Rapid Review due Fri 28 Mar;
        // decision Mon 24 Mar (LocalCspr) → CSPR due Wed 24 Sep 2025; scoping requested Mon 10 Mar → returns due Mon 17 Mar.
        Assert.Equal(D("2025-03-11"), deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification).Due);
        Assert.Equal(D("2025-03-28"), deadlines.Single(d => d.Kind == DeadlineKinds.RapidReviewDecision).Due);
        Assert.Equal(D("2025-03-17"), deadlines.Single(d => d.Kind == DeadlineKinds.ScopingReturns).Due);
        Assert.Equal(D("2025-09-24"), deadlines.Single(d => d.Kind == DeadlineKinds.LocalCsprCompletion).Due);
        Assert.DoesNotContain(deadlines, d => d.Kind == DeadlineKinds.OtherLearningReviewCompletion);
    }

    [Fact]
    public void KeyDates_AwareDateUnknown_IsNull()
    {
        var incident = Incident.Open("INC-3", new ReferralBuilder().WithIncident(i => i with { DateLocalAuthorityAware = null }).Build(), D("2025-03-05"));

        Assert.Null(incident.KeyDates());
    }

    [Fact]
    public void Json_IncidentMidProcess_RoundTripsAndKeepsWorking()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var incident = PlanAgreed();

        var json = JsonSerializer.Serialize(incident, options);
        var again = JsonSerializer.Deserialize<Incident>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(again, options));
        Assert.Contains("\"stage\":\"ActionPlan\"", json);
        Assert.Contains("\"outcome\":\"LocalCspr\"", json);
        Assert.Equal(IncidentStage.Closed, again.SignOffActionPlan("Executive", D("2026-05-01")).Stage);
        Assert.Equal(incident.KeyDates(), again.KeyDates());
    }

    [Fact]
    public void Json_PausedIncident_StaysPausedAfterRoundTrip()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var paused = AtLocalCspr().Pause(ParallelProceedingType.Coroner, "Inquest pending.", D("2025-04-01"));

        var again = JsonSerializer.Deserialize<Incident>(JsonSerializer.Serialize(paused, options), options)!;

        Assert.True(again.IsPaused);
        Assert.Equal(ParallelProceedingType.Coroner, again.ActivePause!.Proceedings);
    }
}
