using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

public sealed record IncidentView(
    string IncidentId,
    string Reference,
    IncidentStage Stage,
    bool Paused,
    string? PauseReason,
    DateOnly ReceivedOn,
    Referral? Referral,
    IReadOnlyList<DeadlineView> Deadlines,
    IReadOnlyList<ScopingAgencyView> Scoping,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<AvailableAction> AvailableActions,
    string? AwaitingSummary,
    DateTimeOffset LastUpdatedAt,
    MeetingView? Meeting = null,
    IReadOnlyList<RecommendationView>? Recommendations = null,
    IReadOnlyList<DecisionView>? Decisions = null,
    RapidReviewDecisionView? RapidReviewDecision = null,
    IReadOnlyList<ReportVersionView>? Reports = null,
    IReadOnlyList<string>? ReportKindsAllowed = null,
    int ScopingPacks = 0,
    IReadOnlyList<SubmissionTaskView>? Submissions = null,
    IReadOnlyList<WaitingAction>? WaitingActions = null,
    DateOnly? PlannedPublicationOn = null);
