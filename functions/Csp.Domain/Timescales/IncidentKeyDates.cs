using Csp.Domain.Incidents;

namespace Csp.Domain.Timescales;

/// <summary>
/// The dates statutory deadlines run from. Only <see cref="LocalAuthorityAware"/> is required; each
/// optional date, once known, adds or firms up deadlines.
/// </summary>
public sealed record IncidentKeyDates(DateOnly LocalAuthorityAware)
{
    /// <summary>The date the LA notified the National Panel; if absent the notification due date stands in.</summary>
    public DateOnly? NationalPanelNotified { get; init; }

    public DateOnly? ScopingRequested { get; init; }
    public DateOnly? RapidReviewMeeting { get; init; }
    public DateOnly? Decision { get; init; }

    /// <summary>The Rapid Review outcome; if absent both review completion dates are given.</summary>
    public RapidReviewOutcome? DecisionOutcome { get; init; }

    public DateOnly? DraftSharedWithGovernance { get; init; }
    public DateOnly? PlannedPublication { get; init; }
    public DateOnly? Published { get; init; }
    public DateOnly? ActionPlanAgreed { get; init; }
}
