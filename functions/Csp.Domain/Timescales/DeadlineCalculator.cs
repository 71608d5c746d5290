using System.Globalization;
using Csp.Domain.Calendar;
using Csp.Domain.Incidents;

namespace Csp.Domain.Timescales;

/// <summary>
/// Turns an incident's key dates into its statutory deadlines, each with its basis. Pure: the same
/// dates, calendar and timescales always give the same deadlines, so an orchestration can
/// recalculate them on replay.
/// </summary>
public sealed class DeadlineCalculator
{
    private readonly WorkingDayCalendar _calendar;
    private readonly StatutoryTimescales _timescales;

    /// <summary>The England-and-Wales calendar and the default timescales.</summary>
    public DeadlineCalculator() : this(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales())
    {
    }

    /// <summary>The timescales these deadlines count, for the words that explain them.</summary>
    public StatutoryTimescales Timescales => _timescales;

    public DeadlineCalculator(WorkingDayCalendar calendar, StatutoryTimescales timescales)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(timescales);
        var problems = timescales.Validate();
        if (problems.Count > 0)
            throw new DomainException("The statutory timescales are not usable: " + string.Join("; ", problems));
        _calendar = calendar;
        _timescales = timescales;
    }

    /// <summary>
    /// Every deadline the key dates support, in process order. Throws <see cref="DomainException"/>
    /// if the dates contradict each other (for example a notification before the LA became aware).
    /// </summary>
    public IReadOnlyList<StatutoryDeadline> Calculate(IncidentKeyDates dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        EnsureConsistent(dates);
        var deadlines = new List<StatutoryDeadline>
        {
            NationalPanelNotification(dates.LocalAuthorityAware),
            PartnersInformed(dates.LocalAuthorityAware),
        };
        if (dates.ScopingRequested is { } requested)
            deadlines.Add(ScopingReturns(requested));
        if (dates.RapidReviewMeeting is { } meeting)
            deadlines.Add(ScopingPackCirculation(meeting));
        deadlines.Add(RapidReviewDecision(dates.LocalAuthorityAware, dates.NationalPanelNotified));
        if (dates.Decision is { } decision)
        {
            if (dates.DecisionOutcome is null or RapidReviewOutcome.LocalCspr)
                deadlines.Add(LocalCsprCompletion(decision));
            if (dates.DecisionOutcome is null or RapidReviewOutcome.OtherLearningReview)
                deadlines.Add(OtherLearningReviewCompletion(decision));
        }
        if (dates.DraftSharedWithGovernance is { } shared)
            deadlines.Add(GovernanceResponse(shared));
        if (dates.PlannedPublication is { } planned)
            deadlines.Add(PrePublicationNotice(planned));
        if (dates.Published is { } published)
            deadlines.Add(PublicationAvailableUntil(published));
        else if (dates.PlannedPublication is { } plannedPublication)
            deadlines.Add(PublicationAvailableUntil(plannedPublication) with { Provisional = true });
        if (dates.ActionPlanAgreed is { } agreed)
            deadlines.Add(ActionPlanReport(agreed, 1));
        return deadlines;
    }

    public StatutoryDeadline NationalPanelNotification(DateOnly localAuthorityAware) =>
        WorkingDaysAfter(DeadlineKinds.NationalPanelNotification, localAuthorityAware,
            "the local authority became aware of the incident", _timescales.NationalPanelNotificationWorkingDays,
            $"The local authority notifies the National Panel within {_timescales.NationalPanelNotificationWorkingDays} working days of becoming aware of the incident.");

    public StatutoryDeadline PartnersInformed(DateOnly localAuthorityAware) =>
        WorkingDaysAfter(DeadlineKinds.PartnersInformed, localAuthorityAware,
            "the local authority became aware of the incident", _timescales.PartnersInformedWorkingDays,
            $"The local authority tells the safeguarding partners within {_timescales.PartnersInformedWorkingDays} working days of becoming aware of the incident.");

    public StatutoryDeadline ScopingReturns(DateOnly scopingRequested) =>
        WorkingDaysAfter(DeadlineKinds.ScopingReturns, scopingRequested,
            "the scoping templates were sent to the involved agencies", _timescales.ScopingReturnWorkingDays,
            $"Each involved agency returns its scoping template within {_timescales.ScopingReturnWorkingDays} working days of the request.");

    public StatutoryDeadline ScopingPackCirculation(DateOnly rapidReviewMeeting)
    {
        var days = _timescales.ScopingPackBeforeMeetingCalendarDays;
        return new StatutoryDeadline(DeadlineKinds.ScopingPackCirculation, rapidReviewMeeting.AddDays(-days),
            "the Rapid Review meeting", rapidReviewMeeting,
            $"Where possible, the collated scoping pack goes to panel members {days} calendar days before the Rapid Review meeting.",
            -days, DeadlineUnits.CalendarDays) { Calendar = _calendar.Name };
    }

    public StatutoryDeadline RapidReviewDecision(DateOnly nationalPanelNotified) =>
        WorkingDaysAfter(DeadlineKinds.RapidReviewDecision, nationalPanelNotified,
            "the National Panel was notified", _timescales.RapidReviewDecisionWorkingDays, RapidReviewRule);

    /// <summary>The Rapid Review deadline: from the notification once it is sent, provisional from its due date until then.</summary>
    public StatutoryDeadline RapidReviewDecision(DateOnly localAuthorityAware, DateOnly? nationalPanelNotified) =>
        nationalPanelNotified is { } notified ? RapidReviewDecision(notified) : ProvisionalRapidReviewDecision(localAuthorityAware);

    /// <summary>
    /// Before the notification is made, the Rapid Review deadline runs from the notification due date:
    /// the latest lawful notification, so the real deadline can only be the same or earlier.
    /// </summary>
    public StatutoryDeadline ProvisionalRapidReviewDecision(DateOnly localAuthorityAware)
    {
        var notificationDue = NationalPanelNotification(localAuthorityAware).Due;
        return WorkingDaysAfter(DeadlineKinds.RapidReviewDecision, notificationDue,
            "the National Panel notification due date (no notification recorded yet, so the due date stands in for it)",
            _timescales.RapidReviewDecisionWorkingDays, RapidReviewRule) with { Provisional = true };
    }

    public StatutoryDeadline LocalCsprCompletion(DateOnly decision) =>
        MonthsAfter(DeadlineKinds.LocalCsprCompletion, decision, "the Rapid Review decision",
            _timescales.LocalCsprCompletionMonths,
            $"A local child safeguarding practice review is completed within {_timescales.LocalCsprCompletionMonths} months of the decision to hold it.");

    public StatutoryDeadline OtherLearningReviewCompletion(DateOnly decision) =>
        MonthsAfter(DeadlineKinds.OtherLearningReviewCompletion, decision, "the Rapid Review decision",
            _timescales.OtherLearningReviewCompletionMonths,
            $"Another learning review should be completed, ideally, within {_timescales.OtherLearningReviewCompletionMonths} months of the decision to hold it.");

    /// <summary>
    /// The learning review's completion date when the chair chose it at triage, without a Rapid Review:
    /// the same period, from the chair's decision.
    /// </summary>
    public StatutoryDeadline OtherLearningReviewCompletionFromTriage(DateOnly chairDecided) =>
        MonthsAfter(DeadlineKinds.OtherLearningReviewCompletion, chairDecided, "the chair decided on a learning review",
            _timescales.OtherLearningReviewCompletionMonths,
            $"Another learning review should be completed, ideally, within {_timescales.OtherLearningReviewCompletionMonths} months of the decision to hold it.");

    /// <summary>
    /// A monitoring checkpoint <paramref name="months"/> calendar months into a review that started on
    /// <paramref name="from"/>, moved to the next working day when it falls on a weekend or bank holiday.
    /// </summary>
    public DateOnly MonitoringCheckpoint(DateOnly from, int months) =>
        _calendar.NextWorkingDayOnOrAfter(WorkingDayCalendar.AddCalendarMonths(from, months));

    public StatutoryDeadline GovernanceResponse(DateOnly draftShared)
    {
        var days = _timescales.GovernanceResponseCalendarDays;
        return new StatutoryDeadline(DeadlineKinds.GovernanceResponse, draftShared.AddDays(days),
            "the final draft was shared with partner agencies' governance bodies", draftShared,
            $"Partner agencies confirm their governance bodies' responses within {days} days of receiving the final draft.",
            days, DeadlineUnits.CalendarDays) { Calendar = _calendar.Name };
    }

    public StatutoryDeadline PrePublicationNotice(DateOnly plannedPublication)
    {
        var days = _timescales.PrePublicationNoticeWorkingDays;
        return new StatutoryDeadline(DeadlineKinds.PrePublicationNotice, _calendar.AddWorkingDays(plannedPublication, -days),
            "the planned publication date", plannedPublication,
            $"The final report goes to the National Panel and the Secretary of State, with Ofsted and DfE told, at least {days} working days before publication.",
            -days, DeadlineUnits.WorkingDays) { Calendar = _calendar.Name };
    }

    public StatutoryDeadline PublicationAvailableUntil(DateOnly published) =>
        MonthsAfter(DeadlineKinds.PublicationAvailableUntil, published, "publication",
            _timescales.PublicationAvailabilityMonths,
            $"The published report stays available on the partnership website for at least {_timescales.PublicationAvailabilityMonths} months.");

    /// <summary>
    /// The <paramref name="reportNumber"/>th action plan report (1 = first), counted from the date
    /// the plan was agreed rather than from the previous report, so month-end clamping cannot drift.
    /// </summary>
    public StatutoryDeadline ActionPlanReport(DateOnly actionPlanAgreed, int reportNumber)
    {
        if (reportNumber < 1) throw new ArgumentOutOfRangeException(nameof(reportNumber), "Reports are numbered from 1.");
        var months = _timescales.ActionPlanReportIntervalMonths * reportNumber;
        return MonthsAfter(DeadlineKinds.ActionPlanReport, actionPlanAgreed, "the action plan was agreed", months,
            $"The action plan is reported to the executive every {_timescales.ActionPlanReportIntervalMonths} months until it is signed off (report {reportNumber}).");
    }

    /// <summary>
    /// The earliest lawful publication date when the final report goes (or went) to the National Panel
    /// and the Secretary of State on <paramref name="noticeSentOn"/>: the pre-publication notice period after it.
    /// Before the report has gone, pass today: the notice cannot go earlier.
    /// </summary>
    public DateOnly EarliestPublication(DateOnly noticeSentOn) =>
        _calendar.AddWorkingDays(noticeSentOn, _timescales.PrePublicationNoticeWorkingDays);

    /// <summary>
    /// A local procedure's due date (a quality check, a chaser, a resubmission, the next escalation):
    /// <paramref name="workingDays"/> working days after <paramref name="from"/>, counted like the statutory periods.
    /// </summary>
    public DateOnly LocalDue(DateOnly from, int workingDays) => _calendar.AddWorkingDays(from, workingDays);

    /// <summary>The day <paramref name="workingDays"/> working days before <paramref name="date"/> (a check or progress reminder ahead of it).</summary>
    public DateOnly WorkingDaysBefore(DateOnly date, int workingDays) => _calendar.AddWorkingDays(date, -Math.Abs(workingDays));

    /// <summary>The first working day strictly after <paramref name="date"/>: escalations for a missed due date start then.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => _calendar.AddWorkingDays(date, 1);

    /// <summary>
    /// When a reminder for <paramref name="due"/> goes: <paramref name="workingDaysBefore"/> working days before
    /// the due date, or before the last working day before it when it falls on a weekend or bank holiday.
    /// </summary>
    public DateOnly ReminderDay(DateOnly due, int workingDaysBefore) =>
        _calendar.AddWorkingDays(_calendar.PreviousWorkingDayOnOrBefore(due), -Math.Max(0, workingDaysBefore));

    /// <summary>
    /// Working days from <paramref name="from"/> to <paramref name="to"/>, day 0 being <paramref name="from"/>
    /// (so a deadline met on its due date took exactly its period); negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysTaken(DateOnly from, DateOnly to) => _calendar.WorkingDaysBetween(from, to);

    /// <summary>How many working days after <paramref name="due"/> the day <paramref name="on"/> is; 0 when on time or early.</summary>
    public int WorkingDaysLate(DateOnly due, DateOnly on) => on > due ? _calendar.WorkingDaysBetween(due, on) : 0;

    /// <summary>
    /// The RAG rule: red when any deadline has passed unmet (<paramref name="anyOverdue"/>); amber when the
    /// next one (<paramref name="nextDue"/>) falls within the configured number of working days of
    /// <paramref name="today"/>, the due date itself included, or when something already puts the next step
    /// at risk (<paramref name="atRisk"/>: a Rapid Review meeting that cannot be quorate on the replies, say); green otherwise.
    /// </summary>
    public RagStatus Rag(DateOnly today, bool anyOverdue, DateOnly? nextDue, bool atRisk = false) =>
        anyOverdue ? RagStatus.Red
        : atRisk || nextDue is { } due && _calendar.WorkingDaysBetween(today, due) <= _timescales.AmberWithinWorkingDays ? RagStatus.Amber
        : RagStatus.Green;

    private string RapidReviewRule =>
        $"The Rapid Review is completed and its decision made within {_timescales.RapidReviewDecisionWorkingDays} working days of the notification to the National Panel.";

    private StatutoryDeadline WorkingDaysAfter(string kind, DateOnly trigger, string triggerText, int days, string rule) =>
        new(kind, _calendar.AddWorkingDays(trigger, days), triggerText, trigger, rule, days, DeadlineUnits.WorkingDays)
        {
            Calendar = _calendar.Name,
        };

    private StatutoryDeadline MonthsAfter(string kind, DateOnly trigger, string triggerText, int months, string rule) =>
        new(kind, WorkingDayCalendar.AddCalendarMonths(trigger, months), triggerText, trigger, rule, months, DeadlineUnits.CalendarMonths)
        {
            Calendar = _calendar.Name,
        };

    private static string Iso(DateOnly date) => DateWords.Iso(date);

    private static void EnsureConsistent(IncidentKeyDates dates)
    {
        var aware = dates.LocalAuthorityAware;
        void NotBeforeAware(DateOnly? date, string what)
        {
            if (date is { } d && d < aware)
                throw new DomainException($"The {what} ({Iso(d)}) cannot be before the local authority became aware ({Iso(aware)}).");
        }
        NotBeforeAware(dates.NationalPanelNotified, "National Panel notification date");
        NotBeforeAware(dates.ScopingRequested, "scoping request date");
        NotBeforeAware(dates.RapidReviewMeeting, "Rapid Review meeting date");
        NotBeforeAware(dates.Decision, "Rapid Review decision date");
        if (dates.Decision is { } decision && dates.NationalPanelNotified is { } notified && decision < notified)
            throw new DomainException($"The Rapid Review decision date ({Iso(decision)}) cannot be before the National Panel notification ({Iso(notified)}).");
        if (dates.DecisionOutcome is { } outcome && dates.Decision is null)
            throw new DomainException($"A Rapid Review outcome ({outcome}) needs the date of the decision.");
        if (dates.PlannedPublication is { } planned && dates.Decision is { } decided && planned < decided)
            throw new DomainException($"The planned publication date ({Iso(planned)}) cannot be before the Rapid Review decision ({Iso(decided)}).");
        if (dates.Published is { } published && dates.Decision is { } decidedOn && published < decidedOn)
            throw new DomainException($"The publication date ({Iso(published)}) cannot be before the Rapid Review decision ({Iso(decidedOn)}).");
    }
}
