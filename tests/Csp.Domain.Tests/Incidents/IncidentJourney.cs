using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Tests.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Domain.Tests.Incidents;

/// <summary>Walks a fictional incident along the legal path to each stage (test-data builder for <see cref="Incident"/>).</summary>
public static class IncidentJourney
{
    public static DateOnly D(string iso) => DateOnly.Parse(iso);

    /// <summary>The England-and-Wales calendar with the default timescales.</summary>
    public static readonly DeadlineCalculator Deadlines = new();

    public static Incident Received() => Incident.Open("INC-2025-0001", new ReferralBuilder().Build(), D("2025-03-05"));

    public static Incident QualityAssured() => Received().PassQualityAssurance("Business manager", D("2025-03-05"));

    public static Incident AtNotification() => QualityAssured().TriageReferral(
        new ReferralTriageDecision(ReferralTriageOutcome.RapidReview, "Panel chair", D("2025-03-06"), "Suspected neglect and serious harm in the area."));

    public static Incident Notified() => AtNotification().RecordNationalPanelNotification("LA designated officer", D("2025-03-07"), "NP-0001");

    public static Incident AtScoping() => Notified().StartScoping("Business manager", D("2025-03-10"), ["Exampleshire Police", "Exampleshire Children's Services"]);

    public static Incident AtRapidReview() => AtScoping().StartRapidReview("Panel chair", D("2025-03-21"));

    public static Incident Assessed() => AtRapidReview().RecordCriteriaAssessment(
        new CsprCriteriaAssessment([CsprCriterion.MultiAgencyWorkingConcerns], true, "Information was not shared.", "Rapid Review panel", D("2025-03-21")));

    /// <summary>The tests as a panel that decides on no further review answers them: a criterion met, but a CSPR not the most appropriate response.</summary>
    public static Incident AssessedNoCspr() => AtRapidReview().RecordCriteriaAssessment(
        new CsprCriteriaAssessment([CsprCriterion.MultiAgencyWorkingConcerns], false, "Learning already taken forward by the agencies.", "Rapid Review panel", D("2025-03-21")));

    public static Incident AtDecision(RapidReviewOutcome outcome = RapidReviewOutcome.LocalCspr) => (outcome == RapidReviewOutcome.NoFurtherReview ? AssessedNoCspr() : Assessed()).RecordRapidReviewDecision(
        new RapidReviewDecision(outcome, "Rapid Review panel", D("2025-03-24"), "Both tests applied; see assessment."));

    public static Incident ReportSent(RapidReviewOutcome outcome = RapidReviewOutcome.LocalCspr) => AtDecision(outcome)
        .MarkRapidReviewReportReady("Business unit", D("2025-03-25"), 1, 1).ApproveRapidReviewReport("Independent scrutineer", D("2025-03-25"), 1, 1)
        .RecordRapidReviewReportSent("Business manager", D("2025-03-26"), 1);

    public static Incident AtLocalCspr() => ReportSent().ProceedWithDecision("Business manager", D("2025-03-27"));

    public static Incident FinalReportSignedOff() => AtLocalCspr()
        .RecordLeadReviewerCommissioned("Dr Fictional Reviewer", D("2025-04-10"))
        .RecordDraftSharedWithGovernance(D("2025-08-01"))
        .RecordFinalReportSignedOff("Partnership board", D("2025-09-10"));

    public static Incident AtPublication() => FinalReportSignedOff().PlanPublication("Business manager", D("2025-09-11"), D("2025-10-15"), Deadlines);

    public static Incident AtActionPlan() => AtPublication()
        .RecordPrePublicationNotice("Business manager", D("2025-10-01"), "NP-FINAL-1", 1, D("2025-10-01"))
        .RecordPublished("Business manager", D("2025-10-15"), PublicationForm.FullReport, D("2025-10-15"), Deadlines);

    /// <summary>The action plan with one recommendation, completed, and the plan agreed.</summary>
    public static Incident PlanAgreed() => AtActionPlan()
        .AddRecommendation("Share strategy meeting minutes with schools.", "Head of Education Safeguarding", "education@example.org", D("2026-03-31"), D("2025-10-20"))
        .ReportRecommendationProgress("R1", "Minutes now shared within a day.", true, null, D("2025-11-01"))
        .RecordActionPlanAgreed(D("2025-11-01"));

    public static Incident AtOtherLearningReview() => ReportSent(RapidReviewOutcome.OtherLearningReview).ProceedWithDecision("Business manager", D("2025-03-27"));

    public static Incident AtNationalReview() => ReportSent(RapidReviewOutcome.RecommendNationalReview)
        .RecordNationalPanelResponse(new NationalPanelResponse(NationalPanelResponseOutcome.NationalReviewToBeCarriedOut, D("2025-04-09"), null))
        .ProceedWithDecision("Business manager", D("2025-04-10"));

    public static Incident AtNoFurtherReview() => ReportSent(RapidReviewOutcome.NoFurtherReview).ProceedWithDecision("Business manager", D("2025-03-27"));

    public static Incident Closed() => PlanAgreed()
        .RecordActionPlanReport("Business manager", D("2026-02-01"))
        .SignOffActionPlan("Executive", D("2026-05-01"));
}
