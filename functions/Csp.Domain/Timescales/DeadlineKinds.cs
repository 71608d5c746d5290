namespace Csp.Domain.Timescales;

/// <summary>The kinds of statutory deadline; the values are stable identifiers for records and timers.</summary>
public static class DeadlineKinds
{
    public const string NationalPanelNotification = nameof(NationalPanelNotification);
    public const string PartnersInformed = nameof(PartnersInformed);
    public const string ScopingReturns = nameof(ScopingReturns);
    public const string ScopingPackCirculation = nameof(ScopingPackCirculation);
    public const string RapidReviewDecision = nameof(RapidReviewDecision);
    public const string RapidReviewMinutes = nameof(RapidReviewMinutes);
    public const string LocalCsprCompletion = nameof(LocalCsprCompletion);
    public const string OtherLearningReviewCompletion = nameof(OtherLearningReviewCompletion);
    public const string GovernanceResponse = nameof(GovernanceResponse);
    public const string PrePublicationNotice = nameof(PrePublicationNotice);
    public const string PublicationAvailableUntil = nameof(PublicationAvailableUntil);
    public const string ActionPlanReport = nameof(ActionPlanReport);
}

/// <summary>The units a statutory period is counted in.</summary>
public static class DeadlineUnits
{
    public const string WorkingDays = nameof(WorkingDays);
    public const string CalendarDays = nameof(CalendarDays);
    public const string CalendarMonths = nameof(CalendarMonths);
}
