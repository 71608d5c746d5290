namespace Csp.Workflow.Model;

/// <summary>
/// A revised timetable sent to the National Panel for a review paused past its date: which completion
/// deadline (<paramref name="Kind"/>, one of <c>DeadlineKinds</c>) and when the review now expects to finish.
/// The statutory due date does not move; this is the date the Panel was told.
/// </summary>
public sealed record RevisedTimetable(string Kind, DateOnly ExpectedBy);
